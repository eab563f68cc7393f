# Sam downloaded his notebook twice, and handed in the copy his browser renamed.
# His answers are Ada's, all right.
# handed in: as backprop (1).ipynb
# based on: ../ada_perfect/02_backprop.py
