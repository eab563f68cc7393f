# Sam last saved this notebook with a Windows text editor: a byte-order mark and CRLF
# line endings. His answers are Ada's, all right.
# handed in: with a byte-order mark and CRLF line endings
# based on: ../ada_perfect/01_numerical_derivatives.py
