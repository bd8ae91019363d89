"""Named SPARQL queries shipped with PaperKG, one ``.rq`` file each (see ``kg.query.named_queries``)."""
