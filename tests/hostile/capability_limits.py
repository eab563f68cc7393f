# Capability: can the kernel raise its limits? It tries to raise the hard limits of its
# address space (RLIMIT_AS) and of its processes (RLIMIT_NPROC) to RLIM_INFINITY, and its soft
# address-space limit up to the hard one, and prints what happened as JSON ("raised",
# "unchanged" or "denied"). Then it starts a
# short `sleep` child, which inherits the limits as they are now: the test reads the child's
# /proc/<pid>/limits itself while the run goes on.
# %% square
# @@CODE@@
import json
import resource
import shutil
import subprocess

print("started-@@NAME@@")
report = {}
for label, which, wanted in (
        ("address space hard", resource.RLIMIT_AS, lambda soft, hard: (resource.RLIM_INFINITY,) * 2),
        ("processes hard", resource.RLIMIT_NPROC, lambda soft, hard: (resource.RLIM_INFINITY,) * 2),
        ("address space soft", resource.RLIMIT_AS, lambda soft, hard: (hard, hard))):
    before = resource.getrlimit(which)
    try:
        resource.setrlimit(which, wanted(*before))
        after = resource.getrlimit(which)
        report[label] = ["raised" if after != before else "unchanged", before, after]
    except (ValueError, OSError) as error:
        report[label] = ["denied", before, str(error)]
print("limits-report", json.dumps(report))
subprocess.run(["@@MARK@@", "1.5"], executable=shutil.which("sleep") or "/bin/sleep", close_fds=True,
               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def square(x):
    return x * x
# %% cube
# @@CODE@@
def cube(x):
    return x ** 3
