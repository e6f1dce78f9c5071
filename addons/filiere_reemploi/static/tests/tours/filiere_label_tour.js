import { registry } from "@web/core/registry";

// A technician prints the labels of a whole intake receipt, on a sheet already started.
registry.category("web_tour.tours").add("filiere_receipt_labels_tour", {
    steps: () => [
        {
            content: "Print the labels of the receipt",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_filiere_print_labels']",
            run: "click",
        },
        {
            content: "Every serial of the receipt is listed",
            trigger: ".modal div[name='lot_ids']:contains('TOUR-LBL-1'):contains('TOUR-LBL-5')",
        },
        {
            content: "Choose the 2 × 7 sheets",
            trigger: ".modal div[name='format_id'] input",
            run: "edit 2 × 7",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item a:contains('2 × 7')",
            run: "click",
        },
        {
            content: "Two labels of the sheet are already used",
            trigger: ".modal div[name='skip'] input",
            run: "edit 2",
        },
        {
            content: "Print",
            trigger: ".modal button[name='action_print']",
            run: "click",
        },
        {
            content: "The PDF is ready to download",
            trigger: ".modal div[name='label_file']:contains('5 labels.pdf')",
        },
    ],
});
