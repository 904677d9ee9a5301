"""The wizard's pages, in the order a user meets them."""
