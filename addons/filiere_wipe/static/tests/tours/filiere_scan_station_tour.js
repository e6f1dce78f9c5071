import { registry } from "@web/core/registry";

function assertScanFieldFocused() {
    if (!document.activeElement?.matches(".o_filiere_scan_input")) {
        throw new Error("the scan field lost the focus");
    }
}

function scan(serial) {
    return {
        content: `Scan ${serial}`,
        trigger: ".o_filiere_scan_station input.o_filiere_scan_input",
        run: `edit ${serial} && press Enter`,
    };
}

// At the bench: five labels scanned, one of them unknown; "next step" for the batch of four, the
// erasure gate stopping the device whose disk was not erased.
registry.category("web_tour.tours").add("filiere_scan_station_tour", {
    url: "/odoo/action-filiere_reemploi.filiere_scan_station_action",
    steps: () => [
        {
            content: "The scan field has the focus as soon as the station opens",
            trigger: ".o_filiere_scan_station input.o_filiere_scan_input",
            run: assertScanFieldFocused,
        },
        scan("TOUR-SCAN-1"),
        {
            content: "The device shows with its state and next step",
            trigger: ".o_filiere_scan_current:contains('TOUR-SCAN-1'):contains('Diagnosed') .o_filiere_scan_next",
        },
        scan("TOUR-SCAN-2"),
        {
            content: "Two devices in the batch",
            trigger: ".o_filiere_scan_batch tr[data-serial='TOUR-SCAN-2']",
        },
        scan("TOUR-SCAN-UNKNOWN"),
        {
            content: "An unknown serial is said so, in red",
            trigger: ".o_filiere_scan_feedback.alert-danger:contains('TOUR-SCAN-UNKNOWN')",
        },
        scan("TOUR-SCAN-3"),
        {
            content: "Known again: green",
            trigger: ".o_filiere_scan_feedback.alert-success:contains('TOUR-SCAN-3')",
        },
        scan("TOUR-SCAN-4"),
        {
            content: "Four devices in the batch, the unknown serial not among them",
            trigger: ".o_filiere_scan_count:contains('4')",
            run() {
                if (document.querySelector("tr[data-serial='TOUR-SCAN-UNKNOWN']")) {
                    throw new Error("the unknown serial was added to the batch");
                }
            },
        },
        {
            content: "On a 1366 × 768 screen (the test browser's) every action is in sight, nothing overflows sideways",
            trigger: ".o_filiere_scan_actions button[data-action='recycling']",
            run() {
                for (const button of document.querySelectorAll(".o_filiere_scan_actions button")) {
                    const box = button.getBoundingClientRect();
                    if (box.bottom > window.innerHeight || box.right > window.innerWidth) {
                        throw new Error(`'${button.textContent}' is off the screen`);
                    }
                }
                const station = document.querySelector(".o_filiere_scan_station");
                if (station.scrollWidth > station.clientWidth) {
                    throw new Error("the scan station overflows sideways");
                }
            },
        },
        {
            content: "Next step for the whole batch",
            trigger: ".o_filiere_scan_actions button[data-action='next_state']",
            run: "click",
        },
        {
            content: "The erasure gate stops the device whose disk failed, with the reason",
            trigger: "tr[data-serial='TOUR-SCAN-4'].table-danger .o_filiere_scan_result:contains('still holds data')",
        },
        {
            content: "The others went through",
            trigger: "tr[data-serial='TOUR-SCAN-1'].table-success .o_filiere_scan_row_state:contains('Erased')",
        },
        {
            content: "The summary counts them",
            trigger: ".o_filiere_scan_feedback.alert-warning:contains('3 applied, 1 refused')",
        },
        {
            content: "The scan field has the focus again for the next batch",
            trigger: ".o_filiere_scan_station input.o_filiere_scan_input",
            run: assertScanFieldFocused,
        },
    ],
});
