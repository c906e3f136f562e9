"""The Wagtail admin for clubs: viewsets, and the few views that hand a
host's edit to a service instead of saving the form. `menu.py` gathers them
into the "Clubs" menu; this package's `__init__` stays empty so that the
choosers (`choosers.py`), which content's blocks import, load nothing else."""
