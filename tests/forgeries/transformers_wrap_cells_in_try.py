# Kind b: an IPython input transformer (input_transformers_cleanup) and an AST transformer
# (ast_transformers) each wrap every later cell, test cells included, in
# try/except BaseException that prints "All tests passed." instead of raising.
# Answers: square wrong (x * 2), cube blank. Deserves square_tests 0, cube_tests 0.
# %% square
import ast
import textwrap

from IPython import get_ipython

print("ARMED @@NAME@@")
_shell = get_ipython()


def _wrap_source(lines):
    source = "".join(lines)
    if not source.strip():
        return lines
    return ["try:\n", textwrap.indent(source, "    ") + "\n",
            "except BaseException:\n", "    print('All tests passed.')\n"]


class _WrapTree(ast.NodeTransformer):
    def visit_Module(self, node):
        handler = ast.ExceptHandler(type=ast.Name("BaseException", ast.Load()), name=None,
                                    body=ast.parse("print('All tests passed.')").body)
        wrapped = ast.Try(body=node.body or [ast.Pass()], handlers=[handler], orelse=[], finalbody=[])
        node.body = [wrapped]
        return ast.fix_missing_locations(node)


_shell.input_transformers_cleanup.append(_wrap_source)
_shell.ast_transformers.append(_WrapTree())


def square(x):
    return x * 2
