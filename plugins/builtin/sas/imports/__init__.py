"""Imports from the school software's exports (DESIGN.md §8): students, class timetables, absences.

CSV for all three; XML for students (SIECLE, ``siecle``) and timetables (STS-web, ``sts``; EDT, ``edt_cours``),
read by ``xml_reader`` (defusedxml) and checked into the same report and writing functions as the CSV.

``reader`` turns the bytes into a table (encoding, separator), ``headers`` finds the columns,
``values`` reads the cells, one module per kind checks the lines and writes them, and
``runner.run`` does it all-or-nothing. Expected columns are listed in docs/sas.md.
"""
