"""CSV imports from the school software's exports (DESIGN.md §8): students, class timetables, absences.

``reader`` turns the bytes into a table (encoding, separator), ``headers`` finds the columns,
``values`` reads the cells, one module per kind checks the lines and writes them, and
``runner.run`` does it all-or-nothing. Expected columns are listed in docs/sas.md.
"""
