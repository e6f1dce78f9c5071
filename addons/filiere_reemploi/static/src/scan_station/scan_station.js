import { Component, onMounted, onWillStart, onWillUnmount, useExternalListener, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

// Elements that keep the focus when a person uses them; anything else gives it back to the scan field.
const OWN_FOCUS = new Set(["INPUT", "SELECT", "TEXTAREA"]);

/**
 * The bench's scan station: a keyboard-wedge scanner "types" a serial followed by Enter into the
 * scan field, which always has the focus. Each scan adds the device to the batch; one action then
 * applies to the whole batch on the server (stock.lot.filiere_scan_apply), each device refused on its
 * own with the reason.
 */
export class FiliereScanStation extends Component {
    static template = "filiere_reemploi.ScanStation";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.scanInput = useRef("scanInput");
        this.state = useState({
            actions: [],
            grades: [],
            gradeId: "",
            devices: [],
            current: null,
            feedback: null,
            flash: "",
            busy: false,
        });
        onWillStart(async () => {
            const data = await this.orm.call("stock.lot", "filiere_scan_station_data", []);
            this.state.actions = data.actions;
            this.state.grades = data.grades;
        });
        onMounted(() => this.focusScan());
        onWillUnmount(() => clearTimeout(this.flashTimeout));
        // A scanner types wherever the focus is: bring every stray keystroke back to the scan field.
        useExternalListener(window, "keydown", this.onWindowKeydown, { capture: true });
    }

    get serials() {
        return this.state.devices.map((device) => device.serial);
    }

    /** Columns added by other addons' cards (filiere_wipe: the erasure status). */
    get showErasure() {
        return this.state.devices.some((device) => "erasure" in device);
    }

    focusScan() {
        const input = this.scanInput.el;
        if (input && document.activeElement !== input) {
            input.focus();
        }
    }

    onWindowKeydown(ev) {
        const target = ev.target;
        if (OWN_FOCUS.has(target.tagName) || ev.ctrlKey || ev.altKey || ev.metaKey) {
            return;
        }
        if (ev.key.length === 1 || ev.key === "Enter") {
            this.focusScan();
        }
    }

    onScanBlur(ev) {
        // Give the focus back unless the person moved to another field (the grade list).
        setTimeout(() => {
            const active = document.activeElement;
            if (!active || !OWN_FOCUS.has(active.tagName)) {
                this.focusScan();
            }
        }, 0);
    }

    async onScanKeydown(ev) {
        if (ev.key !== "Enter") {
            return;
        }
        ev.preventDefault();
        const serial = ev.target.value.trim();
        ev.target.value = "";
        if (serial) {
            await this.scan(serial);
        }
    }

    async scan(serial) {
        if (this.serials.includes(serial)) {
            this.state.current = this.state.devices.find((device) => device.serial === serial);
            this.signal("warning", _t("%s is already in the batch.", serial));
            return;
        }
        const answer = await this.orm.call("stock.lot", "filiere_scan_lookup", [serial]);
        if (!answer.found) {
            this.signal("danger", answer.message);
            return;
        }
        const device = { ...answer.device, result: null };
        this.state.devices.push(device);
        this.state.current = device;
        this.signal("success", _t("%(serial)s: %(state)s. %(next)s", {
            serial: device.serial,
            state: device.state_label,
            next: device.next_step,
        }));
    }

    removeDevice(serial) {
        this.state.devices = this.state.devices.filter((device) => device.serial !== serial);
        if (this.state.current?.serial === serial) {
            this.state.current = null;
        }
        this.focusScan();
    }

    clearBatch() {
        this.state.devices = [];
        this.state.current = null;
        this.state.feedback = null;
        this.focusScan();
    }

    onGradeChange(ev) {
        this.state.gradeId = ev.target.value;
        this.focusScan();
    }

    async apply(key) {
        if (!this.state.devices.length || this.state.busy) {
            return;
        }
        const params = {};
        if (key === "grade") {
            if (!this.state.gradeId) {
                this.signal("danger", _t("Choose the grade first."));
                return;
            }
            params.condition_id = parseInt(this.state.gradeId);
        }
        this.state.busy = true;
        try {
            const answer = await this.orm.call("stock.lot", "filiere_scan_apply", [this.serials, key, params]);
            this.showResults(answer.results);
            if (answer.action) {
                await this.actionService.doAction(answer.action);
            }
        } finally {
            this.state.busy = false;
            this.focusScan();
        }
    }

    showResults(results) {
        const bySerial = Object.fromEntries(results.map((result) => [result.serial, result]));
        this.state.devices = this.state.devices.map((device) => {
            const result = bySerial[device.serial];
            return result ? { ...device, ...(result.device || {}), result } : device;
        });
        this.state.current = null;
        const refused = results.filter((result) => !result.ok).length;
        const done = results.length - refused;
        if (refused) {
            this.signal("warning", _t("%(done)s applied, %(refused)s refused: see the reason on each line.", {
                done,
                refused,
            }));
        } else {
            this.signal("success", _t("%s applied.", done));
        }
    }

    openDevice(device) {
        this.actionService.doAction({
            type: "ir.actions.act_window",
            res_model: "stock.lot",
            res_id: device.id,
            views: [[false, "form"]],
            target: "new",
        });
    }

    /** Colour and sound on each scan: a short high beep when it went through, a low buzz when not. */
    signal(type, message) {
        this.state.feedback = { type, message };
        this.state.flash = type;
        clearTimeout(this.flashTimeout);
        this.flashTimeout = setTimeout(() => (this.state.flash = ""), 700);
        this.beep(type);
    }

    beep(type) {
        try {
            this.audio = this.audio || new AudioContext();
            const oscillator = this.audio.createOscillator();
            const gain = this.audio.createGain();
            oscillator.type = type === "success" ? "sine" : "square";
            oscillator.frequency.value = { success: 1320, warning: 660 }[type] || 220;
            gain.gain.value = 0.08;
            oscillator.connect(gain).connect(this.audio.destination);
            oscillator.start();
            oscillator.stop(this.audio.currentTime + (type === "success" ? 0.08 : 0.35));
        } catch {
            // No sound card or autoplay refused: the colour still tells.
        }
    }

    rowClass(device) {
        if (!device.result) {
            return "";
        }
        return device.result.ok ? "table-success" : "table-danger";
    }
}

registry.category("actions").add("filiere_scan_station", FiliereScanStation);
