"""The learners' forms, one module per page or concern."""
