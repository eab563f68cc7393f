# fails: central_difference_tests
# expects: divide by 2h, not h
# The secant from x-h to x+h is 2h wide, but the quotient divides by h: twice the derivative.

# %% central_difference
def central_difference(f, x, h):
    return (f(x + h) - f(x - h)) / h
