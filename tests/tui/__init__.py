"""Tests of the terminal UI, driven through Textual's pilot."""
