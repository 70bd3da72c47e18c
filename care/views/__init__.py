"""A person's pages, one module per journey."""
