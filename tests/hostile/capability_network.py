# Capability: can the kernel reach the network? It connects to 127.0.0.1, on a port where the
# test listens, and sends its mark. The test asks its own listening socket whether anyone
# connected. (Loopback only: nothing leaves the machine.)
# %% square
# @@CODE@@
import socket

print("started-@@NAME@@")
try:
    with socket.create_connection(("127.0.0.1", int("@@PORT@@")), timeout=3) as connection:
        connection.sendall(b"@@MARK@@")
    print("connected")
except OSError as error:
    print("no connection:", error)


def square(x):
    return x * x
# %% cube
# @@CODE@@
def cube(x):
    return x ** 3
