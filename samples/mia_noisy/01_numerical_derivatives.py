# Mia explores the forward difference with a table of a million steps, printed line by
# line (the grader keeps the first lines of it). Her answers are all right.
# based on: ../ada_perfect/01_numerical_derivatives.py

# %% insert after forward_difference
for h in np.logspace(-16, 0, 1_000_000):
    print(f"h = {h:.3e}   error = {forward_difference(np.sin, 1.0, h) - np.cos(1.0):+.3e}")
