"""Code generated from contracts/ by `turnout gen`. Never edited by hand."""
