# Ivan's backprop assignment is all right.
# based on: ../ada_perfect/02_backprop.py
