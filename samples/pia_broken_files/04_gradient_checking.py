# Right throughout.
# based on: ../ada_perfect/04_gradient_checking.py
