# Right throughout, handed in as released.
# based on: ../ada_perfect/04_gradient_checking.py
