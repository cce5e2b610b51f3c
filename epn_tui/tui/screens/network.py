"""The Réseau screen: the partner network at a glance, one partner in focus.

Self-contained (its own DEFAULT_CSS) so the app can push it as it is:
`app.push_screen(NetworkScreen())`; it shows the app's workspace as of the app's
today, like every workspace screen (`screens/base.py`). On the left, the partners grouped by
kind (⚠ marks those without a written convention); on the right, the highlighted
partner's conventions and contacts, or the whole overview. Keys cycle the filters
(theme, state, kind) like `epn network --theme … --state … --kind …`.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from epn_tui.core.collate import sort_key
from epn_tui.core.model import FILTER_STATES
from epn_tui.core.network import (
    GROUP_KEYS,
    Network,
    NetworkFilter,
    build_network,
)
from epn_tui.core.roles import fold
from epn_tui.i18n import _
from epn_tui.render.network_labels import capitalized, counts_text, filter_text, title_text
from epn_tui.render.network_text import legend_text, overview, partner_detail, partner_option
from epn_tui.tui.screens.base import WorkspaceScreen
from epn_tui.tui.widgets.bars import KeyBar, TitleBar

GROUP_PREFIX = "group:"


def _cycle(values: tuple[str, ...], current: tuple[str, ...]) -> tuple[str, ...]:
    """Next single value after the current one; after the last, no filter."""
    if not values:
        return ()
    if not current or current[0] not in values:
        return (values[0],)
    index = values.index(current[0]) + 1
    return (values[index],) if index < len(values) else ()


class NetworkScreen(WorkspaceScreen):
    """Who the EPN works with, under which written convention, through whom."""

    DEFAULT_CSS = """
    NetworkScreen #network-summary {
        height: auto;
        padding: 0 1;
        background: $boost;
    }
    NetworkScreen #network-body {
        height: 1fr;
    }
    NetworkScreen #network-partners {
        width: 40%;
        min-width: 30;
        max-width: 48;
        height: 1fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    NetworkScreen #network-detail {
        width: 1fr;
        height: 1fr;
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("t", "cycle_theme", _("Theme"), id="network.theme"),
        Binding("s", "cycle_state", _("State"), id="network.state"),
        Binding("k", "cycle_kind", _("Kind"), id="network.kind"),
        Binding("x", "clear_filters", _("No filter"), id="network.clear"),
        Binding("o", "toggle_overview", _("Overview"), id="network.overview"),
        Binding("escape", "close", _("Back"), id="network.back"),
    ]

    class PartnerSelected(Message):
        """Enter on a partner: the app may open it in the directory."""

        def __init__(self, partner_id: str) -> None:
            super().__init__()
            self.partner_id = partner_id

    def __init__(self, name: str | None = None, id: str | None = None,  # noqa: A002
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.filter = NetworkFilter()
        self.network: Network | None = None
        self.show_overview = False
        self._themes: tuple[str, ...] = ()

    # Data ------------------------------------------------------------------------------
    def _all_themes(self) -> tuple[str, ...]:
        found: dict[str, str] = {}
        ws = self.workspace
        for conv in ws.conventions.values() if ws is not None else ():
            for theme in conv.themes:
                found.setdefault(fold(theme), theme)
        return tuple(sorted(found.values(), key=sort_key))

    def _build(self) -> Network:
        ws = self.workspace
        assert ws is not None  # the app adds this screen's mode once it is read
        # Building is pure and in memory (about 0.1 s at 1,000 partners, see
        # bench/bench_network.py): no worker needed.
        return build_network(*ws.records(), self.today, self.filter)

    # Layout ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="network-summary")
        with Horizontal(id="network-body"):
            yield OptionList(id="network-partners")
            with VerticalScroll(id="network-detail"):
                yield Static(id="network-detail-body")
        yield KeyBar()

    def on_mount(self) -> None:
        self._themes = self._all_themes()
        self.refresh_network()
        self.query_one("#network-partners", OptionList).focus()

    def workspace_changed(self) -> None:
        if self.is_mounted:
            self._themes = self._all_themes()
            self.refresh_network()

    def refresh_network(self) -> None:
        self.network = self._build()
        net = self.network
        summary = Text(title_text(net), style="bold")
        summary.append("\n" + counts_text(net))
        filters = filter_text(net)
        summary.append("\n")
        summary.append(_("Filter: {filters}").format(filters=filters) if filters
                       else _("No filter (t theme, s state, k kind)"), style="italic")
        summary.append("\n")
        summary.append_text(legend_text())
        self.query_one("#network-summary", Static).update(summary)
        options: list[Option] = []
        for group in net.groups:
            heading = Text(f"{capitalized(_(group.label))} ({len(group.nodes)})",
                           style="bold underline")
            options.append(Option(heading, id=GROUP_PREFIX + group.key, disabled=True))
            options.extend(Option(partner_option(node), id=node.id) for node in group.nodes)
        partners = self.query_one("#network-partners", OptionList)
        partners.clear_options()
        partners.add_options(options)
        first = next((i for i, o in enumerate(options) if not o.disabled), None)
        partners.highlighted = first
        self.show_detail()

    def show_detail(self) -> None:
        body: RenderableType
        net = self.network
        if net is None:
            return
        partners = self.query_one("#network-partners", OptionList)
        node = None
        if partners.highlighted is not None:
            option = partners.get_option_at_index(partners.highlighted)
            node = net.node(option.id or "")
        if self.show_overview:
            body = overview(net)
        elif node is not None:
            body = partner_detail(node)
        else:
            body = Text(_("No partner matches."), style="italic")
        self.query_one("#network-detail-body", Static).update(body)

    @property
    def focused_partner(self) -> str | None:
        partners = self.query_one("#network-partners", OptionList)
        if partners.highlighted is None:
            return None
        return partners.get_option_at_index(partners.highlighted).id

    # Events and actions ------------------------------------------------------------------
    @on(OptionList.OptionHighlighted, "#network-partners")
    def _highlighted(self, _event: OptionList.OptionHighlighted) -> None:
        self.show_overview = False
        self.show_detail()

    @on(OptionList.OptionSelected, "#network-partners")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and not event.option.id.startswith(GROUP_PREFIX):
            self.post_message(self.PartnerSelected(event.option.id))

    def _set_filter(self, **changes: tuple[str, ...]) -> None:
        current = {"themes": self.filter.themes, "states": self.filter.states,
                   "kinds": self.filter.kinds}
        current.update(changes)
        self.filter = NetworkFilter(**current)
        self.refresh_network()

    def action_cycle_theme(self) -> None:
        self._set_filter(themes=_cycle(self._themes, self.filter.themes))

    def action_cycle_state(self) -> None:
        self._set_filter(states=_cycle(FILTER_STATES, self.filter.states))

    def action_cycle_kind(self) -> None:
        self._set_filter(kinds=_cycle(GROUP_KEYS, self.filter.kinds))

    def action_clear_filters(self) -> None:
        self._set_filter(themes=(), states=(), kinds=())

    def action_toggle_overview(self) -> None:
        self.show_overview = not self.show_overview
        self.show_detail()

    def action_close(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        else:  # opened with key 4, as a screen of its own: back to the dashboard
            self.app.switch_mode("dashboard")
