import { registry } from "@web/core/registry";

// A technician opens the workshop board, finds a received device and records its diagnosis.
registry.category("web_tour.tours").add("filiere_device_lifecycle_tour", {
    url: "/odoo/action-filiere_reemploi.stock_lot_device_action",
    steps: () => [
        {
            content: "The device waits in the 'Received' column",
            trigger: ".o_kanban_group:has(.o_column_title:contains('Received')) .o_kanban_record:contains('TOUR-0001')",
            run: "click",
        },
        {
            content: "Open its specifications",
            trigger: ".o_form_view a[name='specifications']",
            run: "click",
        },
        {
            content: "Record the BIOS lock status",
            trigger: ".o_form_view div[name='bios_lock'] select",
            run: 'select "unlocked"',
        },
        {
            content: "Diagnosis done",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_mark_diagnosed']",
            run: "click",
        },
        {
            content: "The device is now diagnosed",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Diagnosed')",
        },
        {
            content: "Back to the board",
            trigger: ".o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "The card moved to the 'Diagnosed' column",
            trigger: ".o_kanban_group:has(.o_column_title:contains('Diagnosed')) .o_kanban_record:contains('TOUR-0001')",
        },
    ],
});
