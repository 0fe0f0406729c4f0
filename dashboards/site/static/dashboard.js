/*
 * Draws the gap dashboards from the JSON embedded in the page; redraws on every selection.
 *
 * Only published values are in the data: a suppressed cell is null with its reason beside it,
 * and is drawn as a marked gap, never as 0. Every count, "at least" bound, share and score
 * comes with its text, computed in Python (dashboards/counts.py), so this script does no
 * arithmetic on them: it only orders cells and counts the shown and hidden ones for captions.
 * Config labels reach Plotly escaped (Plotly reads a few HTML tags in text) and reach the page
 * through textContent only.
 */
"use strict";

(function () {
  const data = readJson("dashboard-data");
  const layouts = readJson("dashboard-layouts");
  const style = readJson("dashboard-style");
  const PLOT_CONFIG = {
    displaylogo: false,
    responsive: true,
    modeBarButtonsToRemove: ["select2d", "lasso2d"],
  };
  const TOTAL = "ALL";
  const SUPPRESSED = data.suppressed_reason;
  const BLUE = style.palette[0];
  const ORANGE = style.palette[1];
  const GREEN = style.palette[2];
  const VERMILLION = style.palette[5];
  const GREY = style.suppressed;

  const regionLabel = labelsOf(data.regions, "label");
  const needLabel = labelsOf(data.needs, "label");
  const needFull = labelsOf(data.needs, "full");

  function readJson(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  function labelsOf(items, key) {
    const labels = {};
    items.forEach(function (item) {
      labels[item.code] = item[key];
    });
    return labels;
  }

  /* Plotly renders <b>, <a>, <br>... in text: config labels go in as entities. */
  function esc(text) {
    return String(text)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }

  function copyLayout(chart) {
    return JSON.parse(JSON.stringify(layouts[chart]));
  }

  function withTitle(layout, suffix) {
    layout.title.text = layout.title.text + " · " + esc(suffix);
    return layout;
  }

  function rgba(hex, alpha) {
    const n = parseInt(hex.slice(1), 16);
    return "rgba(" + (n >> 16) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + alpha + ")";
  }

  function scopeText(state) {
    const region = state.region === TOTAL ? "all regions" : regionLabel[state.region];
    return region + ", " + (state.need === TOTAL ? "all needs" : needLabel[state.need]);
  }

  /* A hatched, full-height grey column at each month where a shown count is suppressed
     (a month without the table is only a gap: nothing was published to hide). */
  function suppressedColumns(months, reasons) {
    return {
      type: "bar",
      name: esc(SUPPRESSED),
      x: months,
      y: reasons.map(function (why) {
        return why === SUPPRESSED ? 1 : null;
      }),
      yaxis: "y2",
      width: 0.6,
      marker: {
        color: rgba(GREY, 0.15),
        line: { width: 0 },
        pattern: { shape: "/", fgcolor: GREY, size: 6, solidity: 0.25 },
      },
      hovertext: reasons.map(function (why) {
        return esc(why);
      }),
      hoverinfo: "x+text",
      showlegend: reasons.indexOf(SUPPRESSED) >= 0,
    };
  }

  function hiddenAxis(overlaying) {
    return {
      overlaying: overlaying || "y",
      range: [0, 1],
      visible: false,
      fixedrange: true,
      tickmode: "auto",
    };
  }

  function selectedMonth(layout, period) {
    layout.shapes = (layout.shapes || []).concat([
      {
        type: "line",
        xref: "x",
        yref: "paper",
        x0: period,
        x1: period,
        y0: 0,
        y1: 1,
        line: { color: "#444444", width: 1, dash: "dot" },
      },
    ]);
  }

  function noData(layout, message) {
    layout.annotations = (layout.annotations || []).concat([
      {
        text: esc(message),
        xref: "paper",
        yref: "paper",
        x: 0.5,
        y: 0.5,
        showarrow: false,
        font: { size: 14, color: "#444444" },
      },
    ]);
    layout.xaxis = Object.assign(layout.xaxis || {}, { visible: false });
    layout.yaxis = Object.assign(layout.yaxis || {}, { visible: false });
  }

  /* ---- text alternatives: caption and data table, with textContent only ---- */

  function setCaption(chart, sentences) {
    document.getElementById("caption-" + chart).textContent = sentences
      .filter(function (s) {
        return s;
      })
      .join(" ");
  }

  function setTable(chart, header, rows) {
    const table = document.createElement("table");
    const head = table.createTHead().insertRow();
    header.forEach(function (text) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = text;
      head.appendChild(th);
    });
    const body = table.createTBody();
    rows.forEach(function (row) {
      const tr = body.insertRow();
      row.forEach(function (text, i) {
        const cell = i === 0 ? document.createElement("th") : document.createElement("td");
        if (i === 0) cell.scope = "row";
        cell.textContent = text;
        if (String(text).indexOf("suppressed") === 0) cell.className = "suppressed";
        tr.appendChild(cell);
      });
    });
    document.getElementById("table-" + chart).replaceChildren(table);
  }

  function draw(chart, traces, layout) {
    return Plotly.react("chart-" + chart, traces, layout, PLOT_CONFIG);
  }

  /* ---- unmet rate heat map ---- */

  function drawUnmet(state) {
    const m = data.unmet[state.period];
    /* Codes on the axes (labels could repeat), labels as tick text. */
    const xs = data.regions.map(function (r) {
      return r.code;
    });
    const ys = data.needs.map(function (n) {
      return n.code;
    });
    const details = m.rate.map(function (row, i) {
      return row.map(function (_, j) {
        const where = data.needs[i].label + " in " + data.regions[j].label;
        return esc(where) + "<br>" + esc(m.text[i][j]);
      });
    });
    const gaps = m.why.map(function (row) {
      return row.map(function (why) {
        return why === "" ? null : why === SUPPRESSED ? 1 : 0;
      });
    });
    const gapText = m.why.map(function (row) {
      return row.map(function (why) {
        return why === SUPPRESSED ? "suppressed" : why;
      });
    });
    const traces = [
      {
        type: "heatmap",
        name: "unmet rate",
        x: xs,
        y: ys,
        z: m.rate,
        zmin: 0,
        zmax: 1,
        colorscale: "Viridis",
        reversescale: true,
        colorbar: { title: { text: "Unmet rate" }, tickformat: ".0%" },
        text: m.rate_text,
        texttemplate: "%{text}",
        customdata: details,
        hovertemplate: "%{customdata}<extra></extra>",
        hoverongaps: false,
        xgap: 2,
        ygap: 2,
      },
      {
        type: "heatmap",
        name: "not shown",
        x: xs,
        y: ys,
        z: gaps,
        zmin: 0,
        zmax: 1,
        colorscale: [
          [0, "#FFFFFF"],
          [1, "#E0E0E0"],
        ],
        showscale: false,
        text: gapText,
        texttemplate: "%{text}",
        textfont: { color: "#555555", size: 10 },
        customdata: details,
        hovertemplate: "%{customdata}<extra></extra>",
        hoverongaps: false,
        xgap: 2,
        ygap: 2,
      },
    ];
    const layout = withTitle(copyLayout("unmet"), state.period);
    layout.height = 230 + 26 * ys.length;
    layout.margin.l = 10;
    layout.margin.t = 150;
    layout.xaxis.side = "top";
    layout.xaxis.tickvals = xs;
    layout.xaxis.ticktext = data.regions.map(function (r) {
      return esc(r.label);
    });
    layout.yaxis.tickvals = ys;
    layout.yaxis.ticktext = data.needs.map(function (n) {
      return esc(n.label);
    });
    layout.xaxis.showgrid = false;
    layout.yaxis.showgrid = false;
    layout.yaxis.autorange = "reversed";
    layout.yaxis.automargin = true;
    layout.xaxis.automargin = true;
    layout.shapes = selectionOutline(state);
    draw("unmet", traces, layout);

    const region = data.regions.map(function (r) {
      return r.code;
    });
    const byNeed = [];
    const byPair = [];
    let suppressed = 0;
    let empty = 0;
    data.needs.forEach(function (need, i) {
      region.forEach(function (code, j) {
        if (m.why[i][j] === SUPPRESSED) suppressed += 1;
        else if (m.why[i][j]) empty += 1;
        else if (need.code === TOTAL || !(m.rate[i][j] > 0)) return;
        else if (code === TOTAL) byNeed.push([m.rate[i][j], i, j]);
        else byPair.push([m.rate[i][j], i, j]);
      });
    });
    const highest = function (cells, withRegion) {
      cells.sort(function (a, b) {
        return b[0] - a[0];
      });
      return cells.slice(0, 3).map(function (c) {
        const where = withRegion ? " in " + data.regions[c[2]].label : "";
        return data.needs[c[1]].label + where + " " + m.text[c[1]][c[2]];
      });
    };
    const needs = highest(byNeed, false);
    const pairs = highest(byPair, true);
    const all = m.rate[0][0];
    setCaption("unmet", [
      "Share of requests that were not met, by need (rows) and region (columns), " +
        state.period + ".",
      all === null ? "" : "Across the collaborative: " + m.text[0][0] + ".",
      needs.length ? "Highest published rates by need, all regions: " + needs.join("; ") + "." : "",
      pairs.length ? "Highest by need and region: " + pairs.join("; ") + "." : "",
      suppressed + " of " + region.length * data.needs.length +
        " cells are suppressed (small counts) and " + empty +
        " have no requests or are not published; they are blank, marked, and never shown as 0.",
      suppressed * 2 > region.length * data.needs.length
        ? "A month's counts by need and region are small, so most are suppressed: the All " +
          "regions column and the All needs row are the most complete."
        : "",
    ]);
    setTable(
      "unmet",
      ["Need"].concat(
        data.regions.map(function (r) {
          return r.label;
        })
      ),
      data.needs.map(function (need, i) {
        return [need.full].concat(
          region.map(function (_, j) {
            return m.text[i][j];
          })
        );
      })
    );
  }

  function selectionOutline(state) {
    const shapes = [];
    const line = { color: "#000000", width: 2 };
    const j = data.regions.findIndex(function (r) {
      return r.code === state.region;
    });
    const i = data.needs.findIndex(function (n) {
      return n.code === state.need;
    });
    if (state.region !== TOTAL) {
      shapes.push({
        type: "rect", xref: "x", yref: "y", line: line,
        x0: j - 0.5, x1: j + 0.5, y0: -0.5, y1: data.needs.length - 0.5,
      });
    }
    if (state.need !== TOTAL) {
      shapes.push({
        type: "rect", xref: "x", yref: "y", line: line,
        x0: -0.5, x1: data.regions.length - 0.5, y0: i - 0.5, y1: i + 0.5,
      });
    }
    return shapes;
  }

  /* ---- ranked gaps ---- */

  /* The rows at the level chosen: needs across all regions, a region's needs (and its total),
     a need's regions (and its total), or one need in one region. */
  function gapRows(state) {
    return data.gaps[state.period].filter(function (row) {
      if (state.need === TOTAL) return row.region === state.region;
      if (state.region === TOTAL) return row.need === state.need;
      return row.region === state.region && row.need === state.need;
    });
  }

  function gapName(row, state) {
    if (state.region === TOTAL && state.need !== TOTAL) return regionLabel[row.region];
    if (state.region !== TOTAL && state.need === TOTAL) return needLabel[row.need];
    if (state.region === TOTAL) return needLabel[row.need];
    return needLabel[row.need] + " · " + regionLabel[row.region];
  }

  function drawGaps(state) {
    const rows = gapRows(state);
    const scored = rows.filter(function (row) {
      return row.score !== null;
    });
    const unscored = rows.length - scored.length;
    const top = scored.slice(0, 12).reverse();
    const layout = withTitle(copyLayout("gaps"), state.period + ", " + scopeText(state));
    layout.height = top.length ? 150 + 34 * top.length : 300;
    layout.yaxis.automargin = true;
    if (state.region === TOTAL && state.need !== TOTAL) layout.yaxis.title.text = "Region";
    if (state.region !== TOTAL && state.need === TOTAL) {
      layout.yaxis.title.text = "Need in " + esc(regionLabel[state.region]);
    }
    layout.margin.l = 10;
    layout.showlegend = false;
    const traces = [];
    if (top.length) {
      traces.push({
        type: "bar",
        orientation: "h",
        y: top.map(function (row) {
          return esc(gapName(row, state));
        }),
        x: top.map(function (row) {
          return row.score;
        }),
        text: top.map(function (row) {
          return esc(row.score_text);
        }),
        textposition: "auto",
        marker: {
          color: BLUE,
          pattern: {
            shape: top.map(function (row) {
              return row.at_least ? "/" : "";
            }),
            fillmode: "overlay",
            fgcolor: "#FFFFFF",
            solidity: 0.3,
          },
        },
        customdata: top.map(function (row) {
          return esc(row.explanation);
        }),
        hovertemplate: "%{y}<br>%{customdata}<br>score %{text}<extra></extra>",
      });
    } else {
      noData(
        layout,
        rows.length
          ? "No gap can be scored here: the counts it needs are suppressed (small counts)."
          : "No unmet requests and nobody waiting for this selection."
      );
    }
    draw("gaps", traces, layout);
    const best = scored.slice(0, 3).map(function (row) {
      return (
        gapName(row, state) + " (score " + row.score_text + ": " + row.explanation + ")"
      );
    });
    setCaption("gaps", [
      "Gaps ranked by score = unmet requests × unmet rate + people on waitlists, " +
        state.period + ", " + scopeText(state) + ".",
      best.length ? "Largest: " + best.join("; ") + "." : "",
      "A score marked 'at least' (hatched bar) is a lower bound: a waitlist or an unmet reason " +
        "in it is suppressed and counted as at least 0.",
      unscored
        ? unscored + " row(s) can't be scored because a count they need is suppressed; the table lists them."
        : "",
    ]);
    setTable(
      "gaps",
      ["Rank", "Need", "Region", "Requests", "Unmet", "Unmet rate", "Waitlist", "Score"],
      rows.map(function (row, i) {
        return [
          row.score === null ? "–" : String(i + 1),
          needFull[row.need],
          regionLabel[row.region],
          row.requests_text,
          row.unmet_text,
          row.rate_text,
          row.waitlist_text,
          row.score_text,
        ];
      })
    );
  }

  /* ---- waitlist and capacity trend ---- */

  function line(name, series, colour, dash) {
    return {
      type: "scatter",
      mode: "lines+markers",
      name: esc(name),
      x: data.periods,
      y: series.v,
      connectgaps: false,
      line: { color: colour, dash: dash || "solid", width: 2 },
      marker: { color: colour, size: 6 },
      customdata: series.text.map(esc),
      hovertemplate: "%{x}: %{customdata}<extra>" + esc(name) + "</extra>",
    };
  }

  function anyReason(seriesList) {
    return data.periods.map(function (_, i) {
      const reasons = seriesList
        .map(function (s) {
          return s.why[i];
        })
        .filter(function (why) {
          return why;
        });
      return reasons.indexOf(SUPPRESSED) >= 0 ? SUPPRESSED : reasons[0] || "";
    });
  }

  function timeAxis(layout) {
    layout.xaxis.type = "category";
    layout.xaxis.tickangle = -45;
    layout.xaxis.automargin = true;
    layout.yaxis2 = hiddenAxis();
    layout.yaxis.rangemode = "tozero";
    layout.bargap = 0;
  }

  function onAxis(trace, axis) {
    trace.yaxis = axis;
    return trace;
  }

  /* Two panels sharing the months: waitlists on top, open slots below (scales differ ~10x). */
  function drawCapacity(state) {
    const all = data.capacity[TOTAL][TOTAL];
    const selected = data.capacity[state.region][state.need];
    const scope = scopeText(state);
    const narrowed = state.region !== TOTAL || state.need !== TOTAL;
    const waiting = [all.waitlist].concat(narrowed ? [selected.waitlist] : []);
    const slots = [all.slots].concat(narrowed ? [selected.slots] : []);
    const traces = [
      onAxis(line("Waitlist, all regions and needs", all.waitlist, VERMILLION), "y3"),
      line("Open slots, all regions and needs", all.slots, BLUE),
    ];
    if (narrowed) {
      traces.push(onAxis(line("Waitlist, " + scope, selected.waitlist, VERMILLION, "dash"), "y3"));
      traces.push(line("Open slots, " + scope, selected.slots, BLUE, "dash"));
    }
    const hatchedSlots = suppressedColumns(data.periods, anyReason(slots));
    const hatchedWaiting = onAxis(suppressedColumns(data.periods, anyReason(waiting)), "y4");
    hatchedWaiting.showlegend = hatchedWaiting.showlegend && !hatchedSlots.showlegend;
    traces.push(hatchedSlots, hatchedWaiting);
    const layout = withTitle(copyLayout("capacity"), scope);
    timeAxis(layout);
    layout.yaxis.domain = [0, 0.44];
    layout.yaxis3 = Object.assign({}, layout.yaxis, {
      domain: [0.56, 1],
      anchor: "x",
      title: { text: "People on waitlists" },
    });
    layout.yaxis4 = hiddenAxis("y3");
    selectedMonth(layout, state.period);
    layout.height = narrowed ? 580 : 520;
    layout.margin.t = narrowed ? 130 : 80;
    draw("capacity", traces, layout);
    const i = data.periods.indexOf(state.period);
    const latest = function (block) {
      return (
        "waitlist " + block.waitlist.text[i] + ", open slots " + block.slots.text[i]
      );
    };
    setCaption("capacity", [
      "People on waitlists (top) and open slots (bottom) at the end of each month, across the " +
        "collaborative" + (narrowed ? " (solid) and for " + scope + " (dashed)" : "") + ".",
      state.period + ": " + latest(all) + " across the collaborative" +
        (narrowed ? "; " + scope + ": " + latest(selected) : "") + ".",
      "A month where a count is suppressed is a gap in its line under a hatched grey column.",
    ]);
    setTable(
      "capacity",
      ["Month", "Waitlist (all)", "Open slots (all)", "Waitlist (" + scope + ")", "Open slots (" + scope + ")"],
      data.periods.map(function (period, k) {
        return [
          period,
          all.waitlist.text[k],
          all.slots.text[k],
          selected.waitlist.text[k],
          selected.slots.text[k],
        ];
      })
    );
  }

  /* ---- referral flows between partner categories ---- */

  function categoryLabel(code) {
    return data.categories[code] || code;
  }

  function drawFlows(state) {
    const flows = data.flows[state.period];
    const layout = withTitle(copyLayout("flows"), state.period);
    layout.height = 480;
    if (flows === null) {
      noData(layout, "Referral flows are not in this month's release.");
      draw("flows", [], layout);
      setCaption("flows", ["Referral flows between partner categories are not in the " + state.period + " release."]);
      setTable("flows", ["From", "To", "Referrals"], []);
      return;
    }
    const sources = [];
    const targets = [];
    flows.links.forEach(function (link) {
      if (sources.indexOf(link.from) < 0) sources.push(link.from);
      if (targets.indexOf(link.to) < 0) targets.push(link.to);
    });
    const colourOf = function (code) {
      const base = code.replace(/^EXT-/, "");
      const k = data.category_order.indexOf(base);
      return style.palette[k < 0 ? 7 : k];
    };
    const nodes = sources.concat(targets);
    const traces = [];
    if (flows.links.length) {
      traces.push({
        type: "sankey",
        arrangement: "snap",
        node: {
          label: nodes.map(function (code) {
            return esc(categoryLabel(code));
          }),
          color: nodes.map(colourOf),
          customdata: sources
            .map(function () {
              return "sent by";
            })
            .concat(
              targets.map(function () {
                return "received by";
              })
            ),
          hovertemplate: "%{customdata} %{label}: %{value:,}<extra></extra>",
          pad: 18,
          thickness: 16,
        },
        link: {
          source: flows.links.map(function (link) {
            return sources.indexOf(link.from);
          }),
          target: flows.links.map(function (link) {
            return sources.length + targets.indexOf(link.to);
          }),
          value: flows.links.map(function (link) {
            return link.value;
          }),
          color: flows.links.map(function (link) {
            return rgba(colourOf(link.from), 0.35);
          }),
          hovertemplate: "%{source.label} → %{target.label}: %{value:,}<extra></extra>",
        },
      });
      layout.margin.t = 100;
      layout.annotations = [
        { text: "<b>Sent by</b>", x: 0, y: 1.1, xref: "paper", yref: "paper", showarrow: false, xanchor: "left" },
        { text: "<b>Received by</b>", x: 1, y: 1.1, xref: "paper", yref: "paper", showarrow: false, xanchor: "right" },
      ];
    } else {
      noData(layout, "No published referral flow between categories this month.");
    }
    draw("flows", traces, layout);
    const biggest = flows.links
      .slice()
      .sort(function (a, b) {
        return b.value - a.value;
      })
      .slice(0, 3)
      .map(function (link) {
        return categoryLabel(link.from) + " to " + categoryLabel(link.to) + " " + link.text;
      });
    setCaption("flows", [
      "Referrals sent from partners of one category (left) to another (right), " + state.period + ".",
      flows.total === null ? "" : "All referrals between categories: " + flows.total_text + ".",
      biggest.length ? "Largest flows: " + biggest.join("; ") + "." : "",
      flows.hidden.length
        ? flows.hidden.length + " flow(s) are hidden because their counts are suppressed (small counts); they are not drawn."
        : "No flow is hidden.",
    ]);
    setTable(
      "flows",
      ["From", "To", "Referrals"],
      flows.links
        .map(function (link) {
          return [categoryLabel(link.from), categoryLabel(link.to), link.text];
        })
        .concat(
          flows.hidden.map(function (link) {
            return [categoryLabel(link.from), categoryLabel(link.to), SUPPRESSED];
          })
        )
    );
  }

  /* ---- shares over time: answers within 2 days, closed loop ---- */

  function drawShare(chart, state, block, names, target) {
    drawShareOf(chart, state, block[state.need], state.need === TOTAL ? "all needs" : needLabel[state.need], names, target);
  }

  function drawShareOf(chart, state, s, scope, names, target) {
    const traces = [
      {
        type: "scatter",
        mode: "lines+markers",
        name: esc(names.share),
        x: data.periods,
        y: s.share.v,
        connectgaps: false,
        line: { color: BLUE, width: 2 },
        marker: { color: BLUE, size: 7 },
        customdata: s.share.v.map(function (v, i) {
          return esc(
            v === null
              ? "not shown: " + s.share.why[i]
              : s.share.detail[i]
          );
        }),
        hovertemplate: "%{x}: %{customdata}<extra></extra>",
      },
      suppressedColumns(data.periods, s.share.why),
    ];
    const layout = withTitle(copyLayout(chart), scope);
    timeAxis(layout);
    layout.yaxis.range = [0, 1.05];
    layout.yaxis.tickformat = ".0%";
    layout.yaxis.rangemode = "normal";
    selectedMonth(layout, state.period);
    layout.height = 400;
    if (target !== undefined) {
      layout.shapes.push({
        type: "line", xref: "paper", yref: "y", x0: 0, x1: 1, y0: target.value, y1: target.value,
        line: { color: ORANGE, width: 2, dash: "dash" },
      });
      layout.annotations = [
        {
          text: target.label,
          bgcolor: "rgba(255,255,255,0.85)",
          xref: "paper", yref: "y", x: 1, y: target.value, xanchor: "right", yanchor: "bottom",
          showarrow: false, font: { color: "#8A5A00" },
        },
      ];
    }
    draw(chart, traces, layout);
    const i = data.periods.indexOf(state.period);
    const shown = s.share.v.filter(function (v) {
      return v !== null;
    });
    const missing = s.share.v.length - shown.length;
    const sentences = [
      names.caption + ", " + scope + ".",
      state.period + ": " +
        (s.share.v[i] === null
          ? "not shown (" + s.share.why[i] + ")"
          : s.share.detail[i]) + ".",
    ];
    if (target !== undefined) {
      const met = shown.filter(function (v) {
        return v >= target.value;
      }).length;
      sentences.push(
        target.sentence + " " + target.text + "; met in " + met + " of " + shown.length + " months with a published share."
      );
    }
    sentences.push(
      missing ? missing + " month(s) are not shown (suppressed counts or nothing to count): a gap, hatched where suppressed." : ""
    );
    setCaption(chart, sentences);
    setTable(
      chart,
      ["Month", names.wholeLabel, names.partLabel, names.shareLabel],
      data.periods.map(function (period, k) {
        return [
          period,
          s[names.whole].text[k],
          s[names.part].text[k],
          s.share.v[k] === null ? "not shown: " + s.share.why[k] : s.share.text[k],
        ];
      })
    );
  }

  function drawAnswers(state) {
    drawShare("answers", state, data.answers, {
      share: "Answered within 2 business days",
      part: "responded_2d",
      whole: "answered",
      partLabel: "Answered within 2 business days",
      wholeLabel: "Answered referrals",
      shareLabel: "Share within 2 business days",
      caption: "Share of answered referrals that got their answer within 2 business days, month by month",
    }, {
      value: data.answer_target,
      text: data.answer_target_text,
      label: "Collaborative target: " + data.answer_target_text + " within 2 business days",
      sentence: "The collaborative's target is",
    });
  }

  function drawLoops(state) {
    drawShare("loops", state, data.loops, {
      share: "Closed loop",
      part: "got_help",
      whole: "accepted",
      partLabel: "Survivor got help",
      wholeLabel: "Accepted referrals",
      shareLabel: "Closed-loop rate",
      caption: "Share of accepted referrals where the survivor is confirmed to have got help, month by month",
    });
  }

  /* ---- what survivors said: FVPSA's two outcome measures ---- */

  function drawSurvey(chart, question, statement, state) {
    const target = data.survey_target;
    drawShareOf(chart, state, data.survey[question], "partners that run a survey", {
      share: "Answered yes",
      part: "yes",
      whole: "answered",
      partLabel: "Answered yes",
      wholeLabel: "Answered yes or no",
      shareLabel: "Share answering yes",
      caption: "Share of survivors answering yes to \u201c" + statement + "\u201d, month by month (not applicable left out)",
    }, {
      value: target.value,
      text: target.text,
      label: "FVPSA target: " + target.text + " yes",
      sentence: "FVPSA's target is",
    });
  }

  function drawSafety(state) {
    drawSurvey("safety", "safety_strategies", "I have more ways to plan for my safety", state);
  }

  function drawResources(state) {
    drawSurvey("resources", "community_resources", "I know more about community resources", state);
  }

  /* ---- submissions and data quality ---- */

  function drawSubmissions(state) {
    const rows = data.submissions;
    const months = rows.map(function (r) {
      return r.period;
    });
    const pick = function (key) {
      return rows.map(function (r) {
        return r[key];
      });
    };
    /* Partners on top, files below: a handful of missing files would vanish beside 40. */
    const traces = [
      {
        type: "bar", name: "Partners submitting", x: months, y: pick("partners"),
        marker: { color: BLUE }, yaxis: "y3",
      },
      {
        type: "scatter", mode: "lines", name: "Active partners", x: months, y: pick("active"),
        line: { color: "#000000", dash: "dash", width: 2, shape: "hvh" }, yaxis: "y3",
      },
      {
        type: "bar", name: "Files resent", x: months, y: pick("resent"), marker: { color: GREEN },
        text: pick("resent"), textposition: "outside", cliponaxis: false,
      },
    ];
    const unrecorded = rows.filter(function (r) {
      return r.missing === null;
    });
    if (unrecorded.length < rows.length) {
      traces.splice(2, 0, {
        type: "bar", name: "Files missing", x: months, y: pick("missing"),
        marker: { color: VERMILLION }, text: pick("missing"), textposition: "outside",
        cliponaxis: false,
      });
    }
    if (unrecorded.length && unrecorded.length < rows.length) {
      traces.push({
        type: "scatter",
        mode: "text",
        name: "missing files not recorded",
        x: unrecorded.map(function (r) { return r.period; }),
        y: unrecorded.map(function () { return 0; }),
        text: unrecorded.map(function () { return "n/r"; }),
        textposition: "top center",
        textfont: { color: "#555555", size: 10 },
        hovertext: "missing files not recorded in this release",
        hoverinfo: "x+text",
      });
    }
    const layout = copyLayout("submissions");
    timeAxis(layout);
    layout.barmode = "group";
    layout.bargap = 0.2;
    layout.yaxis.domain = [0, 0.4];
    layout.yaxis.rangemode = "tozero";
    layout.yaxis3 = Object.assign({}, layout.yaxis, {
      domain: [0.52, 1],
      anchor: "x",
      title: { text: "Partners" },
    });
    selectedMonth(layout, state.period);
    layout.height = 520;
    draw("submissions", traces, layout);
    const row = rows[months.indexOf(state.period)];
    const files = row.missing_files.map(function (q) {
      return q.partner + " " + q.export + " (" + q.period + ")";
    });
    setCaption("submissions", [
      "Partners submitting each month against partners active, with files missing and resent, from each release's manifest.",
      unrecorded.length === rows.length
        ? "These releases do not record missing files yet, so none are drawn."
        : unrecorded.length
          ? "Months marked n/r do not record missing files."
          : "",
      state.period + ": " + row.partners + " of " + row.active + " active partners submitted; " +
        row.files_text + " files accepted, " + row.resent + " resent, " +
        (row.missing === null ? "missing files not recorded in this release" : row.missing + " missing") + ".",
      files.length
        ? "Missing: " + files.slice(0, 10).join("; ") + (files.length > 10 ? "; and " + (files.length - 10) + " more." : ".")
        : "",
    ]);
    setTable(
      "submissions",
      ["Month", "Active partners", "Partners submitting", "Files accepted", "Files resent", "Files missing"],
      rows.map(function (r) {
        return [
          r.period, String(r.active), String(r.partners), r.files_text, String(r.resent),
          r.missing === null ? "not recorded" : String(r.missing),
        ];
      })
    );
  }

  /* ---- selection ---- */

  const DRAW = {
    unmet: drawUnmet,
    gaps: drawGaps,
    capacity: drawCapacity,
    flows: drawFlows,
    answers: drawAnswers,
    loops: drawLoops,
    safety: drawSafety,
    resources: drawResources,
    submissions: drawSubmissions,
  };

  function currentState() {
    return {
      period: document.getElementById("period").value,
      region: document.getElementById("region").value,
      need: document.getElementById("need").value,
    };
  }

  function fromHash() {
    const params = new URLSearchParams(window.location.hash.slice(1));
    ["period", "region", "need"].forEach(function (key) {
      const select = document.getElementById(key);
      const wanted = params.get(key);
      if (wanted && Array.prototype.some.call(select.options, function (o) { return o.value === wanted; })) {
        select.value = wanted;
      }
    });
  }

  function render() {
    const state = currentState();
    Object.keys(DRAW).forEach(function (chart) {
      if (document.getElementById("chart-" + chart)) DRAW[chart](state);
    });
    const hash = new URLSearchParams(state).toString();
    if (window.location.hash.slice(1) !== hash) {
      window.history.replaceState(null, "", "#" + hash);
    }
    document.body.dataset.rendered = hash;
  }

  fromHash();
  ["period", "region", "need"].forEach(function (key) {
    document.getElementById(key).addEventListener("change", render);
  });
  render();
})();
