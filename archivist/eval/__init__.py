"""Measuring fidelity: gold articles, a seeded damage model, metrics and reports.

``gold`` loads the hand-written gold corpus (``corpus/gold/<lang>/*.json``) and says
which articles are held out; ``damage`` renders a gold article as the legacy text the
old exports hold, with each damage kind switchable on its own; ``metrics`` and
``runner`` score a recovery against the gold; ``report`` prints the tables;
``extraction`` scores main-content extraction on the Zyte benchmark.
"""
