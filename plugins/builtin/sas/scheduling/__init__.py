"""Computed scheduling of the parcours aménagé (DESIGN.md §8): needs, capacities, protected classes, mixing.

``solver`` is the pure CP-SAT model; ``problem`` builds its input from a campaign, ``proposal`` turns
its answer into what the Planification screen shows, ``apply`` plans the parcours through the workflow.
"""
