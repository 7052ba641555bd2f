"""The core (hub/) names no feature app: not by import, not by string (docs/architecture.md, "Who imports whom").

Feature apps import the core; the core finds their page types and models through what they declare (``feed_kind``,
``ICSOwnedPageMixin``, ``page_cache_noise``, ``DriverLinkedMixin``...) and the app registry. This test reads every
Python file under hub/ (without importing it) so a new string like ``"toolkit.ToolkitPage"`` fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HUB = ROOT / "hub"
FEATURE_APPS = (
    "home",
    "reports",
    "indicators",
    "casestudies",
    "toolkit",
    "events",
    "shortlinks",
    "search",
    "api",
    "portability",
)

# "toolkit.ToolkitPage", "search.urls", "shortlinks.shortlinkclick": an app label followed by a dot and a name, not
# inside a longer dotted name ("wagtail.search.backends") or a path ("docs/search.md").
LABEL_PATTERN = re.compile(rf"(?<![\w./-])(?:{'|'.join(FEATURE_APPS)})\.[A-Za-z_]")

# Where the core may name a feature app, and why. Docstrings are prose, not names, and are not checked.
ALLOWED_DIRECTORIES = {
    "hub/migrations": "migrations may need other apps' historical models",
}
ALLOWED_ASSIGNMENTS = {
    # The project settings say which apps make up the site and which page type is a site's home page (the way
    # Django's AUTH_USER_MODEL names the user model).
    ("hub/settings/base.py", "INSTALLED_APPS"),
    ("hub/settings/base.py", "HOME_PAGE_MODEL"),
}
ALLOWED_CALLS = {
    ("hub/urls.py", "include"),  # the project URLconf mounts each app's URLs
}
ALLOWED_STRINGS = {
    ("hub/demo.py", "home"),  # the slug of the young people's theme "Home", not the app
}


def _hub_files() -> list[Path]:
    return sorted(
        path
        for path in HUB.rglob("*.py")
        if not any(path.relative_to(ROOT).as_posix().startswith(directory) for directory in ALLOWED_DIRECTORIES)
    )


def _docstring_nodes(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def _allowed_subtrees(tree: ast.AST, relative: str) -> set[int]:
    """The ids of every node inside an allowed assignment or call of this file."""
    roots = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            names = {target.id for target in node.targets if isinstance(target, ast.Name)}
            if any((relative, name) in ALLOWED_ASSIGNMENTS for name in names):
                roots.append(node.value)
        elif (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and (relative, node.func.id) in ALLOWED_CALLS
        ):
            roots.extend(node.args)
    return {id(child) for root in roots for child in ast.walk(root)}


def _is_feature_module(name: str | None) -> bool:
    return bool(name) and name.split(".")[0] in FEATURE_APPS


def violations(path: Path, source: str | None = None) -> list[str]:
    relative = path.relative_to(ROOT).as_posix() if path.is_absolute() else path.as_posix()
    tree = ast.parse(source if source is not None else path.read_text(), filename=relative)
    docstrings = _docstring_nodes(tree)
    allowed = _allowed_subtrees(tree, relative)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [
                f"{relative}:{node.lineno} imports {alias.name}"
                for alias in node.names
                if _is_feature_module(alias.name)
            ]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and _is_feature_module(node.module):
            found.append(f"{relative}:{node.lineno} imports from {node.module}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in docstrings or id(node) in allowed or (relative, node.value) in ALLOWED_STRINGS:
                continue
            if node.value in FEATURE_APPS or LABEL_PATTERN.search(node.value):
                found.append(f"{relative}:{node.lineno} names a feature app: {node.value!r}")
    return found


def test_the_core_names_no_feature_app():
    found = [line for path in _hub_files() for line in violations(path)]
    assert not found, "hub/ must not name a feature app (docs/architecture.md):\n" + "\n".join(found)


@pytest.mark.parametrize(
    "source",
    [
        "import toolkit.models",
        "from casestudies.models import CaseStudyPage",
        "from events import models",
        "MODELS = [('events', 'EventPage')]",
        "parent_page_types = ['home.HomePage']",
        "NOISE = {'shortlinks.shortlinkclick'}",
        "x = apps.get_model('search.SearchQueryStat')",
        "urlpatterns = [path('', include('search.urls'))]",  # allowed in hub/urls.py only
    ],
)
def test_the_check_finds_a_feature_app_named_in_the_core(source):
    assert violations(Path("hub/feeds.py"), source)


@pytest.mark.parametrize(
    "source",
    [
        '"""The toolkit app adds its panel (toolkit.wagtail_hooks)."""',
        "from wagtail.search import index",
        "BACKEND = 'wagtail.search.backends.database'",
        "HELP = 'See docs/search.md.'",
        "LABEL = _('Search the toolkits')",
        "NAME = 'hub.ReportPage'",
    ],
)
def test_the_check_lets_through_what_is_not_a_feature_app(source):
    assert not violations(Path("hub/feeds.py"), source)


def test_the_allow_list_is_narrow():
    """The project URLconf may include an app's URLs and the settings may list the apps, nothing more."""
    assert not violations(Path("hub/urls.py"), "urlpatterns = [path('go/', include('shortlinks.urls'))]")
    assert violations(Path("hub/urls.py"), "urlpatterns = [path('go/', view, name='shortlinks.go')]")
    assert not violations(Path("hub/settings/base.py"), "INSTALLED_APPS = ['hub', 'home', 'toolkit']")
    assert violations(Path("hub/settings/base.py"), "OTHER = ['toolkit']")


def test_every_project_app_is_checked():
    """A new feature app joins the check: the list above is every project app of INSTALLED_APPS but the core."""
    from django.apps import apps
    from django.conf import settings

    project_apps = {
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).parent == Path(settings.BASE_DIR) and config.name != "hub"
    }
    assert project_apps == set(FEATURE_APPS)
