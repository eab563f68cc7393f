# Kind 6: lifts its own address-space limit (resource.setrlimit RLIMIT_AS to RLIM_INFINITY)
# and then allocates 1.5 GiB of address space, more than the grader's limit for the kernel
# (RLIMIT_AS counts address space: under the limit the allocation itself fails), and touches
# 256 MiB of it (touching all of it takes longer than the cell timeout on a slow machine).
# Its own cells may fail; nothing else may change. (Whether the limit could be raised at all
# is test_kernel_cannot_raise_its_limits.)
# %% square
# @@CODE@@
import resource

import numpy as np

print("started-@@NAME@@")
before = resource.getrlimit(resource.RLIMIT_AS)
try:
    resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    print("raised the address-space limit, it was", before)
except (ValueError, OSError) as error:
    print("cannot raise the address-space limit:", error)
try:
    block = np.empty(3 * 2**26)  # 1.5 GiB of float64
    block[: 2**25] = 1.0  # 256 MiB of it in use
    print("allocated", block.nbytes >> 20, "MiB")
    del block
except MemoryError:
    print("MemoryError")


def square(x):
    return x * x
# %% cube
# @@CODE@@
def cube(x):
    return x ** 3
