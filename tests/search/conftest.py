"""Fixtures of the search app's tests (search, tag pages)."""

import pytest

from tests.casestudies.factories import CaseStudyIndexPageFactory
from tests.reports.factories import ReportIndexPageFactory
from tests.toolkit.factories import ToolkitIndexPageFactory


@pytest.fixture
def sections(home):
    """An index page of each kind that tag pages list, under the home page."""
    return {
        "case_studies": CaseStudyIndexPageFactory(parent=home),
        "toolkits": ToolkitIndexPageFactory(parent=home),
        "reports": ReportIndexPageFactory(parent=home),
    }
