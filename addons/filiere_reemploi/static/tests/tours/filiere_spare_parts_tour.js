import { registry } from "@web/core/registry";

// A technician dismantles a laptop sent to spare parts: the dialog lists what its passport says
// (RAM, disk, battery); they type the RAM module's serial and confirm.
registry.category("web_tour.tours").add("filiere_dismantle_tour", {
    steps: () => [
        {
            content: "Dismantle the device sent to spare parts",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_dismantle']",
            run: "click",
        },
        {
            content: "The RAM module of the passport is suggested",
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row:contains('RAM module') td[name='serial']",
            run: "click",
        },
        {
            content: "Type its serial",
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row td[name='serial'] input",
            run: "edit TOUR-RAM-0001",
        },
        {
            content: "Dismantle",
            trigger: ".modal footer button[name='action_dismantle']",
            run: "click",
        },
        {
            content: "The parts harvested show on the passport",
            trigger: ".o_form_view a[name='spare_parts']",
            run: "click",
        },
        {
            content: "The RAM module is in stock under its serial",
            trigger: ".o_form_view div[name='filiere_harvested_lot_ids'] .o_data_row:contains('TOUR-RAM-0001')",
        },
    ],
});

// On the repair order of another laptop, the technician adds the RAM module and ends the repair.
registry.category("web_tour.tours").add("filiere_fit_part_tour", {
    steps: () => [
        {
            content: "Add a part",
            trigger: ".o_form_view div[name='move_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "The RAM module product",
            trigger: ".o_form_view div[name='move_ids'] .o_data_row td[name='product_id'] input",
            run: "edit RAM module",
        },
        {
            trigger: ".o-autocomplete--dropdown-menu .dropdown-item:contains('RAM module')",
            run: "click",
        },
        {
            content: "Confirm the repair: the harvested module in stock is reserved",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_validate']",
            run: "click",
        },
        {
            content: "Start",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_repair_start']",
            run: "click",
        },
        {
            content: "End the repair",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_repair_end']:visible",
            run: "click",
        },
        {
            content: "The laptop is repaired",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Repaired')",
        },
    ],
});
