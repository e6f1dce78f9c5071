import { registry } from "@web/core/registry";

// The measured goal of issue 12: a batch of 20 laptops, imported from the donor's inventory, their
// hardware snapshots and nwipe reports uploaded (done by the test, one upload each), taken at the
// scan station from "received" to "available" with their erasure certificates and their labels.
// Every step that a person performs (a scan, a click, a choice in a list) goes through `act`, which
// counts it; the last step hands the count to the Python test through the browser console.
const SERIALS = Array.from({ length: 20 }, (_, index) => `GOAL-${String(index + 1).padStart(2, "0")}`);
const LAST = SERIALS.at(-1);
// The station between two actions: no button greyed by a batch still being applied.
const IDLE = ".o_filiere_scan_station:not(:has(.o_filiere_scan_actions button:disabled))";
let interactions = 0;

/** A step a person performs: counted once, then run with the tour helpers. */
function act(content, trigger, run) {
    return {
        content,
        trigger,
        async run(helpers) {
            interactions++;
            return run.call(this, helpers);
        },
    };
}

function click(content, action) {
    return act(content, `.o_filiere_scan_actions button[data-action='${action}']:enabled`, (helpers) =>
        helpers.click()
    );
}

/** Waits for every device of the batch to show ``state`` with a green line (no interaction). */
function allIn(state) {
    return {
        content: `The 20 devices are '${state}'`,
        trigger: `${IDLE} tr[data-serial='${LAST}'].table-success .o_filiere_scan_row_state:contains('${state}')`,
        run() {
            const rows = [...document.querySelectorAll(".o_filiere_scan_batch tr[data-serial]")];
            const behind = rows.filter(
                (row) => !row.matches(".table-success") || row.querySelector(".o_filiere_scan_row_state").textContent !== state
            );
            if (rows.length !== SERIALS.length || behind.length) {
                throw new Error(`not every device is '${state}': ${behind.map((row) => row.dataset.serial)}`);
            }
        },
    };
}

function scanSteps() {
    return SERIALS.flatMap((serial) => [
        act(`Scan ${serial}`, ".o_filiere_scan_station input.o_filiere_scan_input", async (helpers) => {
            await helpers.edit(serial);
            await helpers.press("Enter");
        }),
        {
            content: `${serial} joined the batch`,
            trigger: `.o_filiere_scan_batch tr[data-serial='${serial}']`,
        },
    ]);
}

registry.category("web_tour.tours").add("filiere_measured_goal_tour", {
    url: "/odoo/action-filiere_reemploi.filiere_scan_station_action",
    steps: () => [
        ...scanSteps(),
        {
            content: "20 devices in the batch",
            trigger: ".o_filiere_scan_count:contains('20')",
        },
        click("Diagnosed: the snapshots filled the specifications", "next_state"),
        allIn("Diagnosed"),
        click("Erased: the nwipe reports passed the erasure gate", "next_state"),
        allIn("Erased"),
        click("Refurbished", "next_state"),
        allIn("Refurbished"),
        click("Every item of the checklist passed", "pass_checklist"),
        {
            content: "The checklist went through for the whole batch",
            trigger: `${IDLE} .o_filiere_scan_feedback.alert-success:contains('20')`,
        },
        act("Choose grade A", ".o_filiere_scan_actions select.o_filiere_scan_grade", function (helpers) {
            const option = [...this.anchor.options].find((item) => item.textContent.startsWith("A "));
            return helpers.select(option.value);
        }),
        click("Set the grade of the batch", "grade"),
        {
            content: "The grade shows on every line",
            trigger: `${IDLE} tr[data-serial='${LAST}'].table-success td:contains('A ')`,
        },
        click("Available", "next_state"),
        allIn("Available"),
        click("Issue the erasure certificates of the batch", "issue_certificate"),
        allIn("Available"),
        click("Print the labels of the batch", "print_labels"),
        {
            content: "The label dialog lists the 20 devices",
            trigger: `.modal div[name='lot_ids']:contains('GOAL-01'):contains('${LAST}')`,
        },
        act("Print", ".modal button[name='action_print']", (helpers) => helpers.click()),
        // The click that downloads the PDF is counted, not made: a headless browser keeps no file,
        // and the test reads the PDF from the wizard.
        act("Download the labels", ".modal div[name='label_file']:contains('20 labels.pdf')", () => {}),
        {
            content: "Hand the count to the test",
            trigger: ".modal div[name='label_file']",
            run() {
                console.log(`filiere_measured_goal interactions=${interactions}`);
            },
        },
    ],
});
