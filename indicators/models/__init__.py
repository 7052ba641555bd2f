"""The indicators' data (definitions edited as snippets, values imported from files) and the /data/ page."""

from .data import Area, Indicator, IndicatorValue
from .pages import IndicatorIndexPage

__all__ = ["Area", "Indicator", "IndicatorIndexPage", "IndicatorValue"]
