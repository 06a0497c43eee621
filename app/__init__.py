"""chainrule's web app: the REST API, the explorer page and the graph layout."""
