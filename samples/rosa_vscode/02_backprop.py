# Rosa works in VS Code and uploads through the LMS: every cell's metadata is lost on
# the way (ids, sources and order are kept). Her answers are Ada's, all right.
# handed in: without cell metadata
# based on: ../ada_perfect/02_backprop.py
