/* The portal's only script. Pages work without it: it adds the instant larger-type toggle and
   field checks as the visitor types. No inline script anywhere (the CSP forbids it). */
(function () {
  "use strict";
  var KEY = "gk-large", COOKIE = "gk_large";

  function setLarge(on) {
    document.documentElement.classList.toggle("large", on);
    try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode */ }
    document.cookie = COOKIE + "=" + (on ? "1" : "") + ";path=/;max-age=" + (on ? 31536000 : 0) + ";samesite=lax";
    document.querySelectorAll("[data-large-toggle]").forEach(function (a) {
      a.textContent = on ? "标准字号" : "大字版";
      a.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  function initLarge() {
    var stored = null;
    try { stored = localStorage.getItem(KEY); } catch (e) { /* ignore */ }
    if (stored === "1" && !document.documentElement.classList.contains("large")) setLarge(true);
    document.querySelectorAll("[data-large-toggle]").forEach(function (a) {
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        setLarge(!document.documentElement.classList.contains("large"));
      });
    });
  }

  var MARKUP = /<\s*\/?\s*[a-zA-Z!]|javascript\s*:|on[a-z]+\s*=/i;

  function message(el) {
    var v = el.value || "";
    if (el.type === "radio") {
      var group = el.form.querySelectorAll('input[name="' + el.name + '"]');
      var any = Array.prototype.some.call(group, function (r) { return r.checked; });
      return el.required && !any ? "请选择一项。" : "";
    }
    if (el.required && !v.trim()) return "此项为必填项。";
    if (el.maxLength > 0 && v.length > el.maxLength) return "不能超过 " + el.maxLength + " 字（现有 " + v.length + " 字）。";
    if (v && MARKUP.test(v)) return "请只填写文字，不要包含网页代码或脚本。";
    if (v && el.dataset.pattern && !new RegExp(el.dataset.pattern).test(v)) return el.dataset.patternMessage || "格式不正确。";
    if (v && el.type === "email" && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v)) return "请填写有效的电子邮箱。";
    if (v && el.type === "tel" && !/^[0-9+\-\s()]{7,20}$/.test(v)) return "请填写有效的电话号码。";
    var byName = NAMED[el.name];
    if (v && byName) return byName(v.trim(), el.form) || "";
    return "";
  }

  // Checks of the application form's fields, by name (the form belongs to the applications app).
  var NAMED = {
    // The same rule as gongkai/applications/validators.py normalize_phone.
    phone: function (v) {
      var d = v.replace(/[\s\-()（）]/g, "").replace(/^\+86/, "");
      if (/^1[3-9]\d{9}$/.test(d) || /^(0\d{2,3})?[2-9]\d{6,7}$/.test(d)) return "";
      if (/^1/.test(d)) return "手机号码应为 11 位数字，以 13 至 19 开头（现有 " + d.length + " 位）。";
      return "请填写 11 位手机号码，或带区号的固定电话（如 0953-6088001）。";
    },
    postcode: function (v) { return /^\d{6}$/.test(v) ? "" : "邮政编码为 6 位数字。"; },
    org_credit_code: function (v) { return /^[0-9A-HJ-NPQRTUWXY]{18}$/i.test(v) ? "" : "统一社会信用代码为 18 位数字或大写字母。"; },
    id_number: function (v, form) {
      var type = form.querySelector("[name=id_type]");
      if (type && type.value !== "resident") return "";
      return residentIdOk(v) ? "" : "居民身份证号码应为 18 位，且校验码正确（最后一位可以是 X）。";
    },
    code: function (v) { return /^[A-Za-z0-9]{12,16}$/.test(v) ? "" : "查询码为 12 位字母和数字。"; }
  };

  function residentIdOk(v) {
    v = v.toUpperCase();
    if (!/^\d{17}[\dX]$/.test(v)) return false;
    var w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], sum = 0;
    for (var i = 0; i < 17; i++) sum += parseInt(v[i], 10) * w[i];
    return "10X98765432"[sum % 11] === v[17];
  }

  function initOrgFields() {
    var type = document.querySelector("form [name=applicant_type]");
    if (!type) return;
    var toggle = function () {
      document.querySelectorAll("[data-org-only]").forEach(function (box) { box.hidden = type.value === "natural"; });
    };
    type.addEventListener("change", toggle);
    toggle();
  }

  function slot(el) {
    var field = el.closest(".field") || el.parentNode;
    var out = field.querySelector(".live-error");
    if (!out) {
      out = document.createElement("span");
      out.className = "live-error";
      out.setAttribute("aria-live", "polite");
      el.insertAdjacentElement("afterend", out);
    }
    return { field: field, out: out };
  }

  function check(el) {
    var text = message(el), s = slot(el);
    s.out.textContent = text;
    s.field.classList.toggle("invalid", !!text);
    el.setAttribute("aria-invalid", text ? "true" : "false");
    return !text;
  }

  function counter(el) {
    if (!(el.maxLength > 0) || el.tagName !== "TEXTAREA") return;
    var c = document.createElement("span");
    c.className = "counter";
    c.setAttribute("aria-live", "polite");
    el.insertAdjacentElement("afterend", c);
    var update = function () { c.textContent = "还可输入 " + Math.max(el.maxLength - el.value.length, 0) + " 字"; };
    el.addEventListener("input", update);
    update();
  }

  function initForms() {
    document.querySelectorAll("form[data-check]").forEach(function (form) {
      var fields = form.querySelectorAll("input:not([type=hidden]):not([name=website]):not([type=file]), textarea, select");
      fields.forEach(function (el) {
        counter(el);
        var touched = false;
        el.addEventListener("input", function () { if (touched || el.type !== "text") check(el); });
        el.addEventListener("change", function () { touched = true; check(el); });
        el.addEventListener("blur", function () { touched = true; check(el); });
      });
      form.addEventListener("submit", function (ev) {
        var first = null;
        fields.forEach(function (el) { if (!el.closest("[hidden]") && !check(el) && !first) first = el; });
        if (first) { ev.preventDefault(); first.focus(); }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { initLarge(); initForms(); initOrgFields(); });
})();
