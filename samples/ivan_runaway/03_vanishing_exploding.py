# Right throughout.
# based on: ../ada_perfect/03_vanishing_exploding.py
