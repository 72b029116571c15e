"""Session-state keys, spelled once."""

LANG = "lang"
VIEW_NODES = "view_nodes"  # IRIs whose neighbourhoods make up the explorer's view
VIEW_REMOVED = "view_removed"  # IRIs removed from the view by the user
HOPS = "hops"
SELECTED = "selected"  # the IRI inspected
SOURCE_FILE = "source_file"  # the source reader's document
SOURCE_QUOTE = "source_quote"  # the quote to highlight
REVIEW_FILE = "review_file"  # the review file the Review page shows (loaders/documents)
