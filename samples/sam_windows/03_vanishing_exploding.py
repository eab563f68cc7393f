# Sam's copy went through VS Code and lost its cell metadata, and then through the
# Windows editor. His answers are Ada's, all right.
# handed in: without cell metadata
# handed in: with a byte-order mark and CRLF line endings
# based on: ../ada_perfect/03_vanishing_exploding.py
