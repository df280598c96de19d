"""cluster-kg: Chinese text about industrial clusters → a typed, provenance-carrying RDF graph.

The pipeline runs one stage per module:

    read → normalise → segment → mentions → resolve → relate → measure   (per document)
    merge → graph → serialise / render / query                            (per corpus)

See :mod:`kg.pipeline` for how the stages are wired and :mod:`kg.registry` for extension.
"""

__version__ = "0.1.0"
