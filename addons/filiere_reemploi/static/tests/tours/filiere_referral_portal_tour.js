import { registry } from "@web/core/registry";

// A prescriber (CCAS) opens their portal and asks for a laptop for a person they support.
registry.category("web_tour.tours").add("filiere_referral_portal_tour", {
    url: "/my",
    steps: () => [
        {
            content: "The portal home offers the referrals",
            trigger: "a[href='/my/referrals']",
            run: "click",
        },
        {
            content: "New referral",
            trigger: "a.o_filiere_new_referral",
            run: "click",
        },
        {
            content: "Name of the person",
            trigger: "form.o_filiere_referral_form input[name='name']",
            run: "edit Simone Tour",
        },
        {
            content: "A phone number with digits missing",
            trigger: "form.o_filiere_referral_form input[name='phone']",
            run: "edit 06 98",
        },
        {
            content: "Commune",
            trigger: "form.o_filiere_referral_form input[name='city']",
            run: "edit Embrun",
        },
        {
            content: "A senior",
            trigger: "form.o_filiere_referral_form input#segment_senior",
            run: "click",
        },
        {
            content: "Needs a laptop",
            trigger: "form.o_filiere_referral_form select[name='device_type_id']",
            run: "selectByLabel Laptop",
        },
        {
            content: "Consent given today",
            trigger: "form.o_filiere_referral_form input[name='consent_date']",
            run() {
                // A date input takes its value in ISO form, whatever the browser shows.
                document.querySelector("form.o_filiere_referral_form input[name='consent_date']").value = "2026-11-20";
            },
        },
        {
            content: "Charte signed",
            trigger: "form.o_filiere_referral_form input[name='charter_signed']",
            run: "click",
        },
        {
            content: "Send it",
            trigger: "button.o_filiere_submit_referral",
            run: "click",
        },
        {
            content: "The bad phone is explained beside the phone, on a form that kept what was typed",
            trigger: "input#phone.is-invalid + .o_filiere_field_error:contains('too few digits')",
        },
        {
            content: "The name typed is still there",
            trigger: "form.o_filiere_referral_form input[name='name']:value(Simone Tour)",
        },
        {
            content: "The situation ticked is still ticked",
            trigger: "form.o_filiere_referral_form input#segment_senior:checked",
        },
        {
            content: "Correct the phone",
            trigger: "form.o_filiere_referral_form input[name='phone']",
            run: "edit 06 98 76 54 32",
        },
        {
            content: "Send it again",
            trigger: "button.o_filiere_submit_referral",
            run: "click",
        },
        {
            content: "The prescriber is told the referral was sent",
            trigger: ".o_filiere_referral_sent",
        },
        {
            content: "The referral is recorded and waits for the structure",
            trigger: ".o_filiere_referral:contains('Simone Tour'):contains('Submitted')",
        },
    ],
});
