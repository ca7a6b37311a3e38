"""Provides the widgets of tandem's screens: views that show data and post messages up.

The package imports nothing itself: start-up loads only the widgets of its screen.
"""

__all__ = [
    "bound_key",
    "card",
    "card_details",
    "card_images",
    "card_side",
    "card_table",
    "chart",
    "editor",
    "editor_list",
    "editor_text",
    "footer",
    "heatmap",
    "image_tokens",
    "progress",
    "quiz_board",
    "quiz_header",
    "quiz_results",
    "quiz_status",
    "rating",
    "stats",
    "stats_optimize",
    "summary",
    "sync_errors",
    "tables",
]
