// The decisions waiting for the logged-in director, as the queue says them (the first five).
const esc = frappe.utils.escape_html;
root_element.querySelector(".title").textContent = __("Decisions Waiting for You");
root_element.querySelector(".open").textContent = __("Open the queue");
frappe.xcall("isms_leadership.api.decisions.queue").then((decisions) => {
	const list = root_element.querySelector(".list");
	if (!decisions.length) {
		list.innerHTML = `<li class="meta">${esc(__("Nothing waits for your decision."))}</li>`;
		return;
	}
	list.innerHTML = decisions
		.slice(0, 5)
		.map((d) => {
			const waiting = d.waiting_since ? ` · ${esc(__("waiting since {0}", [d.waiting_since]))}` : "";
			const overdue = d.overdue ? ` · <span class="overdue">${esc(__("overdue"))}</span>` : "";
			const link = `/app/isms-decisions?name=${encodeURIComponent(d.name)}`;
			return `<li><a href="${link}">${esc(d.what)}</a><div class="meta">${esc(d.company)}${waiting}${overdue}</div></li>`;
		})
		.join("");
});
