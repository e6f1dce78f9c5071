import { registry } from "@web/core/registry";

// A partner mediator opens, from the portal, a session of tomorrow: its outcome is refused with the
// reason; the session of this morning takes it, and a mistake there keeps what was typed.
registry.category("web_tour.tours").add("filiere_sad_outcome_tour", {
    url: "/my/appointments",
    steps: () => [
        {
            content: "Tomorrow's session is listed first",
            trigger: "table tbody tr:first-child:contains('Personne Demain') a",
            run: "click",
        },
        {
            content: "Its outcome is refused until it has taken place",
            trigger: ".o_filiere_outcome_later:contains('recorded once it has taken place')",
        },
        {
            content: "No outcome form to fill in for a session to come",
            trigger: "body:not(:has(form.o_filiere_outcome_form))",
        },
        {
            content: "Back to the list",
            trigger: "a[href='/my/appointments']",
            run: "click",
        },
        {
            content: "Open this morning's session",
            trigger: "table tbody tr:contains('Personne Matin') a",
            run: "click",
        },
        {
            content: "Held",
            trigger: "form.o_filiere_outcome_form input#outcome_held",
            run: "click",
        },
        {
            content: "A duration written in words",
            trigger: "form.o_filiere_outcome_form input#duration_held",
            run: "edit une heure",
        },
        {
            content: "A note",
            trigger: "form.o_filiere_outcome_form textarea#outcome_note",
            run: "edit Premier courriel envoyé.",
        },
        {
            content: "Save",
            trigger: "form.o_filiere_outcome_form button[type='submit']",
            run: "click",
        },
        {
            content: "The reason shows",
            trigger: ".alert-danger:contains('number of hours')",
        },
        {
            content: "What was typed is kept",
            trigger: "form.o_filiere_outcome_form textarea#outcome_note:value(Premier courriel envoyé.)",
        },
        {
            content: "The duration typed is kept too",
            trigger: "form.o_filiere_outcome_form input#duration_held:value(une heure)",
        },
    ],
});
