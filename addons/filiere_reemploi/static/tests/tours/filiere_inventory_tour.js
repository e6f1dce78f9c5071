import { registry } from "@web/core/registry";

// The test opens an import wizard already holding a GLPI export: preview it, choose a device type
// for the two words the network does not know, import.
registry.category("web_tour.tours").add("filiere_inventory_preview_tour", {
    steps: () => [
        {
            content: "Preview the donor's file",
            trigger: ".modal .o_form_view button[name='action_preview'], .modal button[name='action_preview']",
            run: "click",
        },
        {
            content: "The columns are read from GLPI's headers",
            trigger:
                ".modal .o_field_widget[name='column_ids'] .o_data_row:contains('Numéro de série'):contains('Serial number')",
        },
        {
            content: "The kiosks need a device type",
            trigger:
                ".modal .o_field_widget[name='word_ids'] .o_data_row:contains('Borne interactive') td[name='device_type_id']",
            run: "click",
        },
        {
            trigger:
                ".modal .o_field_widget[name='word_ids'] .o_data_row:contains('Borne interactive') td[name='device_type_id'] input",
            run: "edit Other",
        },
        {
            trigger: ".o-autocomplete--dropdown-menu .dropdown-item:contains('Other device')",
            run: "click",
        },
        {
            content: "The thin client is a desktop computer",
            trigger:
                ".modal .o_field_widget[name='word_ids'] .o_data_row:contains('Client léger') td[name='device_type_id']",
            run: "click",
        },
        {
            trigger:
                ".modal .o_field_widget[name='word_ids'] .o_data_row:contains('Client léger') td[name='device_type_id'] input",
            run: "edit Desktop",
        },
        {
            trigger: ".o-autocomplete--dropdown-menu .dropdown-item:contains('Desktop computer')",
            run: "click",
        },
        {
            content: "Import",
            trigger: ".modal button[name='action_import']",
            run: "click",
        },
        {
            content: "The imported devices are listed",
            trigger: ".o_action_manager:not(:has(.modal)) .o_view_controller:contains('TOUR1-04')",
        },
    ],
});

// The next export of the same shape: nothing to choose.
registry.category("web_tour.tours").add("filiere_inventory_known_tour", {
    steps: () => [
        {
            content: "Preview the donor's file",
            trigger: ".modal .o_form_view button[name='action_preview'], .modal button[name='action_preview']",
            run: "click",
        },
        {
            content: "Every word is known",
            trigger: ".modal .o_form_view:contains('the file can be imported')",
        },
        {
            trigger: ".modal .o_form_view:not(:has(.o_field_widget[name='word_ids'] .o_data_row))",
        },
        {
            content: "Import",
            trigger: ".modal button[name='action_import']",
            run: "click",
        },
        {
            content: "The imported devices are listed",
            trigger: ".o_action_manager:not(:has(.modal)) .o_view_controller:contains('TOUR2-06')",
        },
        {
            content: "The import says what it did",
            trigger: ".o_notification:contains('6 devices created on')",
        },
    ],
});
