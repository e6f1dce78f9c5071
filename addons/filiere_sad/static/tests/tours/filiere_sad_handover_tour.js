import { registry } from "@web/core/registry";

// The reception hands a reserved laptop over and schedules the person's first coaching session in
// the same dialog: everything is prefilled, the relay point is required there and only relay
// points are offered.
registry.category("web_tour.tours").add("filiere_sad_handover_tour", {
    steps: () => [
        {
            content: "The referral says up front that a first session is needed",
            trigger: ".o_form_view .alert-info:contains('No handover without getting-started coaching')",
        },
        {
            content: "Validate the handover",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_open_sad_handover']",
            run: "click",
        },
        {
            content: "The dialog states the rule before anything is confirmed",
            trigger: ".modal .alert-info:contains('schedule the person\\'s first session now')",
        },
        {
            content: "The person and the device are those of the referral",
            trigger: ".modal div[name='beneficiary_id']:contains('Odette Tour')",
        },
        {
            content: "The person's phone is prefilled for the reminder",
            trigger: ".modal div[name='contact_phone'] input:value(06 12 34 56 78)",
        },
        {
            content: "The mediator is the staff member by default",
            trigger: ".modal div[name='mediator_partner_id'] input:value(Tour Accueil)",
        },
        {
            content: "The session takes place at a relay point",
            trigger: ".modal div[name='place_type'] select",
            run: "selectByLabel Relay point",
        },
        {
            content: "Try to confirm without a relay point",
            trigger: ".modal footer button[name='action_schedule_and_handover']",
            run: "click",
        },
        {
            content: "The relay point is required in the dialog itself",
            trigger: ".modal div[name='place_partner_id'].o_field_invalid",
        },
        {
            content: "Look the relay point up",
            trigger: ".modal div[name='place_partner_id'] input",
            run: "edit Tour",
        },
        {
            content: "Only relay points are offered, not every contact",
            trigger:
                ".o-autocomplete--dropdown-menu:has(a:contains('Tour Médiathèque')):not(:has(a:contains('Tour Garage')))",
        },
        {
            content: "Choose the médiathèque",
            trigger: ".o-autocomplete--dropdown-menu a:contains('Tour Médiathèque')",
            run: "click",
        },
        {
            content: "Schedule and hand over",
            trigger: ".modal footer button[name='action_schedule_and_handover']",
            run: "click",
        },
        {
            content: "The device is handed over",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Handed over')",
        },
        {
            content: "No more coaching notice once the session is scheduled",
            trigger: ".o_form_view:not(:has(.alert-info:contains('No handover without')))",
        },
    ],
});
