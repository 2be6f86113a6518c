"""Graph storage: the Neo4j server manager, the Neo4j connection, and the one Cypher module.

Only this package imports the ``neo4j`` driver; import its submodules directly
(``kg.store.connection``, ``kg.store.server``, ``kg.store.cypher``).
"""
