// The director's decision queue: every decision waiting for the logged-in director, each
// said as a sentence, decided in place through the same workflow actions as the form.

const DECISIONS = "isms_leadership.api.decisions";
const COMPARE = "isms_leadership.isms_leadership.doctype.security_policy.api.compare_with_previous";

frappe.pages["isms-decisions"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({
		parent: wrapper,
		title: __("Decisions Waiting for You"),
		single_column: true,
	});
	page.set_secondary_action(__("Refresh"), () => load(page), "refresh");
	$(`<style>
		.isms-queue { max-width: 900px; margin: 0 auto; }
		.isms-decision { border: 1px solid var(--border-color); border-radius: var(--border-radius-md);
			padding: var(--padding-md); margin-bottom: var(--margin-md); background: var(--card-bg);
			overflow-wrap: anywhere; }
		.isms-decision.overdue { border-left: 4px solid var(--red-500); }
		.isms-decision .what { font-size: var(--text-lg); font-weight: 600; margin-bottom: 4px; }
		.isms-decision .meta { color: var(--text-muted); font-size: var(--text-sm); margin: 6px 0; }
		.isms-decision .actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 10px; }
		.isms-decision .refusal { margin-top: 10px; }
		.isms-decision .diff { font-family: var(--font-stack-monospace, monospace); font-size: var(--text-sm);
			white-space: pre-wrap; margin-top: 10px; max-height: 320px; overflow-y: auto; }
		.isms-decision .diff .added { background: var(--green-50); }
		.isms-decision .diff .removed { background: var(--red-50); text-decoration: line-through; }
	</style>`).appendTo(page.main);
	page.queue = $(`<div class="isms-queue"></div>`).appendTo(page.main);
	wrapper.isms_page = page;
};

frappe.pages["isms-decisions"].on_page_show = function (wrapper) {
	load(wrapper.isms_page);
};

function load(page) {
	page.queue.html(`<p class="text-muted">${__("Loading…")}</p>`);
	frappe.xcall(`${DECISIONS}.queue`).then((decisions) => render(page, decisions));
}

function render(page, decisions) {
	page.queue.empty();
	if (!decisions.length) {
		page.queue.html(`<p class="text-muted">${__("Nothing waits for your decision.")}</p>`);
		return;
	}
	const focus = frappe.utils.get_query_params().name;
	decisions.forEach((d) => {
		const card = decision_card(page, d);
		page.queue.append(card);
		if (focus && focus === d.name) card.get(0).scrollIntoView({ block: "center" });
	});
}

function decision_card(page, d) {
	const esc = frappe.utils.escape_html;
	const meta = [
		d.prepared_by ? __("Prepared by {0}", [esc(d.prepared_by)]) : null,
		d.reviewed_by ? __("sent for decision by {0}", [esc(d.reviewed_by)]) : null,
		d.waiting_since ? __("waiting since {0}", [esc(d.waiting_since)]) : null,
	].filter(Boolean);
	const card = $(`<div class="isms-decision ${d.overdue ? "overdue" : ""}" data-name="${esc(d.name)}">
		<div class="what">${esc(d.what)}</div>
		${d.details.map((line) => `<div>${esc(line)}</div>`).join("")}
		<div class="meta">${meta.join(" · ")}${d.overdue ? ` · <span class="text-danger">${__("overdue")}</span>` : ""}</div>
		<div class="meta">${esc(d.doctype_label)} <a href="${esc(d.url)}">${esc(d.name)}</a> · ${esc(d.company)}
			· ${__("Fingerprint")} <code title="${esc(d.fingerprint || "")}">${esc((d.fingerprint || "–").slice(0, 12))}</code></div>
		<div class="actions"></div>
		<div class="diff hidden"></div>
		<div class="refusal alert alert-danger hidden"></div>
	</div>`);
	const actions = card.find(".actions");
	$(`<button class="btn btn-primary btn-sm">${esc(d.approve.label)}</button>`)
		.on("click", () => decide(page, card, d, d.approve.action))
		.appendTo(actions);
	$(`<button class="btn btn-default btn-sm">${esc(d.send_back.label)}</button>`)
		.on("click", () =>
			frappe.prompt(
				{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
				(values) => decide(page, card, d, d.send_back.action, values.reason),
				d.send_back.label,
				d.send_back.label
			)
		)
		.appendTo(actions);
	if (d.has_changes) {
		$(`<button class="btn btn-default btn-sm">${__("What Changed")}</button>`)
			.on("click", () => show_changes(card, d))
			.appendTo(actions);
	}
	return card;
}

function decide(page, card, d, action, reason) {
	card.find(".refusal").addClass("hidden").empty();
	card.find("button").prop("disabled", true);
	frappe.call({
		method: `${DECISIONS}.decide`,
		args: { doctype: d.doctype, name: d.name, action, fingerprint: d.fingerprint, reason },
		silent: true,
		callback: (r) => {
			frappe.show_alert({ message: __("{0}: {1}", [d.name, __(r.message.workflow_state)]), indicator: "green" });
			card.remove();
			if (!page.queue.children().length) load(page);
		},
		error: (r) => {
			card.find("button").prop("disabled", false);
			card.find(".refusal").removeClass("hidden").html(server_message(r));
		},
	});
}

function server_message(r) {
	try {
		const messages = JSON.parse((r && r._server_messages) || "[]").map((m) => {
			const parsed = JSON.parse(m);
			return parsed.message || parsed;
		});
		if (messages.length) return messages.join("<br>");
	} catch (e) {
		// fall through to a plain message
	}
	return frappe.utils.escape_html((r && r.exception) || __("The decision was refused."));
}

function show_changes(card, d) {
	const box = card.find(".diff");
	if (!box.hasClass("hidden")) {
		box.addClass("hidden");
		return;
	}
	frappe.xcall(COMPARE, { policy: d.name }).then((diff) => {
		const esc = frappe.utils.escape_html;
		if (!diff.previous_version) {
			box.html(`<p class="text-muted">${__("A first version: nothing to compare with.")}</p>`);
		} else {
			const fields = diff.fields
				.map((f) => `<div><b>${esc(f.label)}</b>: <span class="removed">${esc(String(f.old ?? ""))}</span> → <span class="added">${esc(String(f.new ?? ""))}</span></div>`)
				.join("");
			const lines = diff.content
				.filter((l) => l.kind !== "=")
				.map((l) => `<div class="${l.kind === "+" ? "added" : "removed"}">${esc(l.kind)} ${esc(l.line)}</div>`)
				.join("");
			box.html(`<p>${__("Against {0}, the version in force:", [esc(diff.previous_version)])}</p>${fields}${lines}`);
		}
		box.removeClass("hidden");
	});
}
