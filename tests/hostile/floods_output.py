# Kind 8: prints one line of 1 MiB, then 200,000 short lines. nbclient merges a cell's stream
# outputs with a regular expression that is quadratic in the length of a line. The test
# grades it last, so that today's hang costs only the test's stall timeout.
# %% square
# @@CODE@@
print("started-@@NAME@@")
print("x" * 2**20)
for line in range(200_000):
    print(line)


def square(x):
    return x * x
# %% cube
# @@CODE@@
def cube(x):
    return x ** 3
