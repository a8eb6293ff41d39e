"""Reads of a learner's own data, one module per concern (a page's reads in one place).

Each read runs a fixed number of queries, however much the learner has logged.
"""
