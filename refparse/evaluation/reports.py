"""Rendering evaluation reports: the Markdown report of :func:`refparse.evaluation.harness.evaluate_systems`, the
README's accuracy table, the per-field F1 chart (matplotlib, imported only when a chart is drawn), the
cross-validation report and the model card's dev-score table."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..labels import LABELS, OUTSIDE
from .harness import HEADLINE_NAMES
from .metrics import SOFT_THRESHOLD, label_order


def format_table(summary: dict) -> str:
    """A Markdown table of per-label precision, recall, F1 and support."""
    lines = ["| field | precision | recall | F1 | support |", "|---|---:|---:|---:|---:|"]
    for label, row in summary["per_label"].items():
        lines.append(f"| {label} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1']:.3f} | {row['support']} |")
    lines.append(f"| **micro, core 4** | | | **{summary['micro_f1_core']:.3f}** | |")
    lines.append(f"| **micro, all fields** | | | **{summary['micro_f1_all']:.3f}** | |")
    return "\n".join(lines)


def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def _with_interval(entry: Mapping[str, Any]) -> str:
    if "ci95" in entry:
        lo, hi = entry["ci95"]
        return f"{entry['value']:.3f} [{lo:.3f}, {hi:.3f}]"
    return f"{entry['value']:.3f}"


def _row(cells: Iterable[object]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _header(cells: Sequence[str], numeric_from: int = 1) -> list[str]:
    return [_row(cells), _row("---" if i < numeric_from else "---:" for i in range(len(cells)))]


def _all_labels(report: Mapping[str, Any], kind: str = "exact") -> list[str]:
    return sorted({l for s in report["systems"].values() for l in s[kind]["per_label"]}, key=label_order)


def _support(report: Mapping[str, Any], label: str) -> int:
    for s in report["systems"].values():
        if label in s["exact"]["per_label"]:
            return s["exact"]["per_label"][label]["support"]
    return 0


def render_headline(report: Mapping[str, Any]) -> str:
    """The headline table: one row per number, one column per system, with the bootstrap 95% interval."""
    names = list(report["systems"])
    lines = _header(["metric", *names])
    for key, title in HEADLINE_NAMES.items():
        lines.append(_row([title, *(_with_interval(report["systems"][n]["headline"][key]) for n in names)]))
    return "\n".join(lines)


def render_markdown(report: Mapping[str, Any]) -> str:
    """The whole report of :func:`evaluate_systems` as Markdown (readable as plain text too)."""
    systems = report["systems"]
    boot = report.get("bootstrap", {})
    out = [f"# Evaluation on {report.get('gold') or 'the gold file'} ({report['references']} references)", ""]
    if report.get("command"):
        out += [f"Regenerate with `{report['command']}`.", ""]
    out += [f"- **{name}**: {s['description']}" for name, s in systems.items()]
    out += [f"- *{spec} skipped*: {reason}" for spec, reason in report.get("skipped", {}).items()]
    out += ["", "## Headline numbers", "",
            f"Values with 95% bootstrap intervals ({boot.get('samples')} resamples of the references, seed "
            f"{boot.get('seed')}). Exact: equal after normalisation (case, punctuation, cue words at the edges, "
            f"dates by year). Soft: Ratcliff/Obershelp ratio ≥ {report.get('soft_threshold', SOFT_THRESHOLD)}.", "",
            render_headline(report), ""]
    out += ["## Per-field F1", "", "Exact / soft match, field level.", ""]
    out += _header(["field", "support", *(f"{n} exact" for n in systems), *(f"{n} soft" for n in systems)])
    for label in _all_labels(report):
        cells = [label, _support(report, label)]
        for kind in ("exact", "soft"):
            for s in systems.values():
                row = s[kind]["per_label"].get(label)
                cells.append(f"{row['f1']:.3f}" if row else "–")
        out.append(_row(cells))
    for kind in ("exact", "soft"):
        for avg in ("micro", "macro"):
            out.append(_row([f"**{avg}, {kind}**", "", *(
                (f"**{s[kind][avg + '_f1']:.3f}**" if k == kind else "") for k in ("exact", "soft")
                for s in systems.values())]))
    for name, s in systems.items():
        out += ["", f"## {name}: precision and recall per field", ""]
        out += _header(["field", "support", "predicted", "P", "R", "F1", "soft F1", "token F1"])
        for label, row in s["exact"]["per_label"].items():
            soft = s["soft"]["per_label"].get(label, {}).get("f1", 0.0)
            token = s["tokens"]["per_label"].get(label, {}).get("f1")
            out.append(_row([label, row["support"], row["predicted"], f"{row['precision']:.3f}",
                             f"{row['recall']:.3f}", f"{row['f1']:.3f}", f"{soft:.3f}",
                             "–" if token is None else f"{token:.3f}"]))
        e = s["exact"]
        out.append(_row(["**micro**", "", "", f"{e['micro_precision']:.3f}", f"{e['micro_recall']:.3f}",
                         f"**{e['micro_f1']:.3f}**", f"{s['soft']['micro_f1']:.3f}", ""]))
        out.append(_row(["**macro**", "", "", f"{e['macro_precision']:.3f}", f"{e['macro_recall']:.3f}",
                         f"**{e['macro_f1']:.3f}**", f"{s['soft']['macro_f1']:.3f}", ""]))
    out += ["", "## Authors, person by person", "",
            "Each author field is split into persons (refparse.normalizers.names); a person matches on family name "
            "(lowercased, accents stripped) and first initial, in order (longest common subsequence).", ""]
    out += _header(["system", "gold persons", "P", "R", "F1", "author lists entirely correct"])
    for name, s in systems.items():
        p = s["persons"]
        out.append(_row([name, p["gold_persons"], f"{p['precision']:.3f}", f"{p['recall']:.3f}", f"{p['f1']:.3f}",
                         f"{p['author_lists_correct']:.3f} of {p['author_lists']}"]))
    out += ["", "## By source", ""]
    out += _header(["source", "references", *(f"{n} exact micro F1" for n in systems),
                    *(f"{n} token acc." for n in systems), *(f"{n} all correct" for n in systems)], 1)
    sources = sorted({src for s in systems.values() for src in s["by_source"]})
    for src in sources:
        rows = [s["by_source"].get(src, {}) for s in systems.values()]
        refs = next((r["references"] for r in rows if r), 0)
        out.append(_row([src, refs, *(f"{r.get('exact_micro_f1', 0):.3f}" for r in rows),
                         *(f"{r.get('token_accuracy', 0):.3f}" for r in rows),
                         *(f"{r.get('all_fields_correct', 0):.3f}" for r in rows)]))
    for name, s in systems.items():
        out += ["", f"## {name}: token confusions", "", render_confusions(s["confusion"]), "",
                "<details><summary>Full token confusion matrix (rows gold, columns predicted)</summary>", "",
                render_confusion_matrix(s["confusion"]), "", "</details>"]
    for name, s in systems.items():
        out += ["", f"## {name}: worst references", ""]
        out += render_worst(s["worst"]) or ["No reference has an error."]
    return "\n".join(out) + "\n"


def render_confusions(matrix: Mapping[str, Mapping[str, int]], top: int = 15) -> str:
    """The most frequent token confusions (gold -> predicted) as a table."""
    pairs = sorted(((n, g, p) for g, row in matrix.items() for p, n in row.items() if g != p), reverse=True)[:top]
    if not pairs:
        return "No token is mislabelled."
    totals = {g: sum(row.values()) for g, row in matrix.items()}
    lines = _header(["gold", "predicted", "tokens", "share of gold label"], 2)
    lines += [_row([g, p, n, f"{n / totals[g]:.1%}"]) for n, g, p in pairs]
    return "\n".join(lines)


def render_confusion_matrix(matrix: Mapping[str, Mapping[str, int]]) -> str:
    order = {l: i for i, l in enumerate(LABELS + (OUTSIDE,))}
    labels = sorted({l for g, row in matrix.items() for l in (g, *row)}, key=lambda l: order.get(l, 99))
    lines = _header(["gold \\ predicted", *labels])
    for g in labels:
        row = matrix.get(g, {})
        lines.append(_row([g, *(row.get(p, 0) or "·" for p in labels)]))
    return "\n".join(lines)


def render_worst(worst: Sequence[Mapping[str, Any]]) -> list[str]:
    out: list[str] = []
    for n, item in enumerate(worst, 1):
        out += [f"{n}. `{item['id']}` ({item['field_errors']} field errors, {item['token_errors']} token errors)", "",
                f"   > {_cell(item['text'])}", ""]
        out += ["   " + line for line in _header(["field", "gold", "predicted", ""], 3)]
        for label, f in item["fields"].items():
            out.append("   " + _row([label, _cell(" ‖ ".join(f["gold"])) or "–",
                                     _cell(" ‖ ".join(f["predicted"])) or "–", "" if f["match"] else "✗"]))
        out.append("")
    return out


def accuracy_table(report: Mapping[str, Any], command: str = "", chart: str | None = None) -> str:
    """The README's accuracy table: exact-match F1 per field and the headline numbers, systems side by side."""
    systems = report["systems"]
    names = list(systems)
    out = [f"<!-- generated by `{command or 'refparse evaluate'}`; do not edit by hand -->", ""]
    out += _header(["field", "support", *names])
    for label in _all_labels(report):
        out.append(_row([label, _support(report, label),
                         *(f"{s['exact']['per_label'][label]['f1']:.3f}" if label in s["exact"]["per_label"] else "–"
                           for s in systems.values())]))
    for key in ("exact_micro_f1", "exact_micro_f1_core", "exact_core4_mean_f1", "soft_micro_f1", "token_accuracy",
                "all_fields_correct", "person_f1"):
        out.append(_row([f"**{HEADLINE_NAMES[key]}**", "", *(_with_interval(systems[n]["headline"][key])
                                                                for n in names)]))
    boot = report.get("bootstrap", {})
    out += ["", f"Field-level F1 on {report.get('gold') or 'the gold file'} ({report['references']} references), "
            f"exact match after normalisation; brackets: 95% bootstrap interval ({boot.get('samples')} resamples). "
            + (f"Regenerate with `{command}`." if command else "")]
    if chart:
        out += ["", f"![per-field F1]({chart})"]
    return "\n".join(out) + "\n"


def plot_f1(report: Mapping[str, Any], path: str | Path, kind: str = "exact") -> Path:
    """A PNG bar chart of per-field F1, one bar per system (matplotlib, Agg backend, imported only here)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = _all_labels(report, kind)
    names = list(report["systems"])
    height = 0.8 / max(len(names), 1)
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(labels) * max(len(names), 1) ** 0.5 + 1.5))
    for i, name in enumerate(names):
        per = report["systems"][name][kind]["per_label"]
        ax.barh([j + i * height for j in range(len(labels))], [per.get(l, {}).get("f1", 0.0) for l in labels],
                height=height, label=name)
    ax.set_yticks([j + height * (len(names) - 1) / 2 for j in range(len(labels))])
    ax.set_yticklabels([f"{l} ({_support(report, l)})" for l in labels])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"F1 ({kind} match after normalisation)")
    ax.set_title(f"Per-field F1 on {report.get('gold') or 'gold'} ({report['references']} references)")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return Path(path)


def render_cv_headline(report: Mapping[str, Any]) -> str:
    lines = _header(["metric", "mean of folds", "stdev", "pooled [95% interval]"])
    for key, title in HEADLINE_NAMES.items():
        lines.append(_row([title, f"{report['mean'][key]:.3f}", f"{report['stdev'][key]:.3f}",
                           _with_interval(report["pooled"]["headline"][key])]))
    return "\n".join(lines)


def render_cv_markdown(report: Mapping[str, Any]) -> str:
    """The cross-validation report of :func:`refparse.training.crossval.cross_validate` as Markdown."""
    pooled = report["pooled"]
    out = [f"# {report['k']}-fold cross-validation on {report.get('corpus', 'the corpus')}", "",
           f"{report['references']} references from {report['documents']} source files; folds grouped by "
           f"document (a GROBID file stays in one fold; each AnyStyle record, and each record of a GROBID "
           f"file of more than {report['collection_size']} references -- a collection "
           f"gathered from many papers -- is its own group), seed {report['seed']}; CRF parameters "
           f"{report['params']}; the CRF alone (no rule corrections).", ""]
    if report.get("command"):
        out += [f"Regenerate with `{report['command']}`.", ""]
    out += ["## Headline numbers", "", render_cv_headline(report), "", "## Folds", ""]
    keys = ["exact_micro_f1", "exact_core4_mean_f1", "soft_micro_f1", "token_accuracy", "all_fields_correct"]
    out += _header(["fold", "train", "test", "training s", *(HEADLINE_NAMES[k] for k in keys)])
    for row in report["folds"]:
        out.append(_row([row["fold"], row["train"], row["test"], row["train_seconds"],
                         *(f"{row[k]:.3f}" for k in keys)]))
    out += ["", "## Per-field F1 (pooled held-out predictions)", ""]
    out += _header(["field", "support", "P", "R", "F1", "soft F1"])
    for label, row in pooled["exact"]["per_label"].items():
        soft = pooled["soft"]["per_label"].get(label, {}).get("f1", 0.0)
        out.append(_row([label, row["support"], f"{row['precision']:.3f}", f"{row['recall']:.3f}",
                         f"{row['f1']:.3f}", f"{soft:.3f}"]))
    out += ["", "## By source (pooled)", ""]
    out += _header(["source", "references", "exact micro F1", "core-4 average", "token acc.", "all correct"])
    for src, row in pooled["by_source"].items():
        out.append(_row([src, row["references"], f"{row['exact_micro_f1']:.3f}", f"{row['exact_core4_mean_f1']:.3f}",
                         f"{row['token_accuracy']:.3f}", f"{row['all_fields_correct']:.3f}"]))
    out += ["", "## Token confusions (pooled)", "", render_confusions(pooled["confusion"])]
    return "\n".join(out) + "\n"
