/**
 * The hosted page's only two assets, served by the emulator itself (no CDN, no web fonts). Kept as strings so
 * the package needs no asset copying step; the page works without JavaScript (plain form POST) and the script
 * only adds formatting, the method switch and in-place errors.
 */
export const CHECKOUT_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0;
  font: 15px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Ubuntu, Arial, sans-serif;
  color: #1a1f36;
  background: #fff;
}
a { color: #3c4fe0; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }
:focus-visible { outline: 2px solid #3c4fe0; outline-offset: 2px; }
.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.skip-link { position: absolute; left: 8px; top: -48px; background: #1a1f36; color: #fff; padding: 8px 12px; border-radius: 6px; z-index: 10; }
.skip-link:focus { top: 8px; }

.layout { min-height: 100vh; display: grid; grid-template-columns: 1fr; }
.summary { background: #f6f8fb; border-bottom: 1px solid #e3e8ee; }
.summary-inner, .payment-inner { width: 100%; max-width: 440px; margin: 0 auto; padding: 24px 20px; }
.summary-top { display: flex; align-items: center; justify-content: space-between; gap: 12px; margin-bottom: 20px; }
.back, .merchant { display: inline-flex; align-items: center; gap: 6px; color: #1a1f36; text-decoration: none; font-weight: 600; overflow-wrap: anywhere; }
.back:hover span { text-decoration: underline; }
.back .icon { flex: none; color: #697386; }
.badge { flex: none; background: #ffde92; color: #983705; font-size: 11px; font-weight: 700; letter-spacing: .04em; text-transform: uppercase; padding: 2px 8px; border-radius: 4px; }
.pay-title { margin: 0 0 20px; display: flex; flex-direction: column; gap: 2px; font-weight: 400; }
.pay-label { color: #697386; font-size: 16px; font-weight: 500; }
.total { font-size: 34px; font-weight: 650; letter-spacing: -0.02em; }
.items { list-style: none; margin: 0; padding: 0; }
.item { display: grid; grid-template-columns: 44px 1fr auto; align-items: center; gap: 12px; padding: 10px 0; }
.thumb { width: 44px; height: 44px; border-radius: 8px; background: #e3e8ee; color: #4f566b; display: grid; place-items: center; font-weight: 700; overflow: hidden; }
.thumb img { width: 100%; height: 100%; object-fit: cover; }
.item-main { display: flex; flex-direction: column; min-width: 0; }
.item-name { font-weight: 600; overflow-wrap: anywhere; }
.item-meta { color: #697386; font-size: 13px; }
.item-amount { font-weight: 600; white-space: nowrap; }
.totals { margin: 12px 0 0; padding: 12px 0 0; border-top: 1px solid #e3e8ee; }
.totals div { display: flex; justify-content: space-between; padding: 4px 0; }
.totals dt { color: #4f566b; }
.totals dd { margin: 0; }
.totals .grand { font-weight: 650; font-size: 16px; }
.totals .grand dt { color: #1a1f36; }
.promo { margin: 12px 0 0; padding: 12px 0 0; border-top: 1px solid #e3e8ee; }
.promo label { display: block; font-size: 14px; font-weight: 500; color: #4f566b; margin-bottom: 4px; }
.promo-row { display: grid; grid-template-columns: 1fr auto; gap: 8px; }
.promo-applied { margin: 0; display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
.promo-code { background: #e3e8ee; border-radius: 4px; padding: 2px 8px; font-weight: 600; }
.promo-error { margin: 6px 0 0; color: #a41c3c; font-size: 14px; font-weight: 500; }
.promo-error[hidden] { display: none; }
.secondary-button { font: inherit; font-weight: 600; color: #3c4fe0; background: #fff; border: 1px solid #d5dbe1; border-radius: 6px; padding: 8px 14px; cursor: pointer; }
.secondary-button:hover { border-color: #3c4fe0; }
.link-button { font: inherit; color: #3c4fe0; background: none; border: 0; padding: 0; text-decoration: underline; cursor: pointer; }
select { width: 100%; font: inherit; color: inherit; padding: 10px 12px; border: 1px solid #d5dbe1; border-radius: 6px; background: #fff; }
select:focus-visible { outline: none; border-color: #3c4fe0; box-shadow: 0 0 0 3px rgba(60,79,224,.3); }
select[aria-invalid="true"] { border-color: #df1b41; box-shadow: 0 0 0 1px #df1b41; }
.shipping-options { display: grid; gap: 8px; }
.shipping-option .option-name { flex: 1; display: flex; flex-direction: column; }
.option-meta { color: #697386; font-size: 13px; }
.option-amount { font-weight: 600; white-space: nowrap; }

.payment { background: #fff; }
.section-title { font-size: 17px; font-weight: 600; margin: 8px 0 10px; padding: 0; }
fieldset { border: 0; margin: 0 0 16px; padding: 0; min-width: 0; }
legend { padding: 0; }
.card-group > legend, .outcomes > legend { font-size: 14px; font-weight: 600; color: #4f566b; margin-bottom: 6px; }
.field { display: flex; flex-direction: column; gap: 4px; margin-bottom: 12px; }
.field label { font-size: 14px; font-weight: 500; color: #4f566b; }
.row { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
input[type="email"], input:not([type]), input[type="text"], input[type="tel"] {
  width: 100%; font: inherit; color: inherit; padding: 10px 12px; border: 1px solid #d5dbe1; border-radius: 6px; background: #fff;
  box-shadow: 0 1px 1px rgba(0,0,0,.03);
}
input[readonly] { background: #f6f8fb; color: #4f566b; }
input:focus-visible { outline: none; border-color: #3c4fe0; box-shadow: 0 0 0 3px rgba(60,79,224,.3); }
input[aria-invalid="true"] { border-color: #df1b41; box-shadow: 0 0 0 1px #df1b41; }
.methods { display: grid; gap: 8px; }
.method { display: flex; align-items: center; gap: 10px; padding: 12px; border: 1px solid #d5dbe1; border-radius: 8px; cursor: pointer; }
.method:has(input:checked) { border-color: #3c4fe0; box-shadow: 0 0 0 1px #3c4fe0; }
.method input { margin: 0; width: 18px; height: 18px; accent-color: #3c4fe0; }
.outcomes { display: grid; gap: 8px; }
.panel { margin-bottom: 8px; }
.panel[hidden] { display: none; }
.hint { color: #697386; font-size: 13px; margin: 8px 0; }
.test-cards { border: 1px dashed #c1c9d2; border-radius: 8px; padding: 8px 12px; margin: 4px 0 12px; background: #fcfdfe; }
.test-cards summary { cursor: pointer; font-weight: 600; font-size: 14px; }
.test-cards p { color: #697386; font-size: 13px; margin: 8px 0; }
.test-cards ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
.test-cards li { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 10px; }
.test-card { font: inherit; background: #fff; border: 1px solid #d5dbe1; border-radius: 6px; padding: 4px 8px; cursor: pointer; color: #1a1f36; }
.test-card:hover { border-color: #3c4fe0; }
.test-card-label { color: #4f566b; font-size: 13px; }
.payment-error { margin: 4px 0 12px; padding: 10px 12px; border-radius: 6px; background: #fff1f3; color: #a41c3c; border: 1px solid #f8c8d3; font-weight: 500; }
.payment-error[hidden] { display: none; }
.pay-button {
  width: 100%; display: flex; align-items: center; justify-content: center; gap: 10px; font: inherit; font-size: 16px; font-weight: 600;
  color: #fff; background: #3c4fe0; border: 0; border-radius: 8px; padding: 13px 16px; cursor: pointer; min-height: 48px;
}
.pay-button:hover { background: #2f3fc4; }
.pay-button:focus-visible { outline: 3px solid #1a1f36; outline-offset: 2px; }
.pay-button[aria-busy="true"] { opacity: .85; cursor: progress; }
.spinner { display: none; width: 16px; height: 16px; border: 2px solid rgba(255,255,255,.5); border-top-color: #fff; border-radius: 50%; animation: spin .8s linear infinite; }
.pay-button[aria-busy="true"] .spinner { display: inline-block; }
@keyframes spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .spinner { animation-duration: 2s; } }
.cancel { text-align: center; margin: 14px 0 0; }
.footnote { text-align: center; color: #8792a2; font-size: 12px; margin: 18px 0 0; }

body.status { background: #f6f8fb; }
.status-page { min-height: 100vh; display: grid; place-items: center; padding: 20px; }
.status-card { background: #fff; border: 1px solid #e3e8ee; border-radius: 12px; padding: 32px 24px; max-width: 440px; width: 100%; text-align: center; box-shadow: 0 6px 24px rgba(26,31,54,.06); }
.status-card h1 { font-size: 22px; margin: 12px 0 8px; }
.status-card p { color: #4f566b; }
.status-icon.ok { color: #1a9e5b; }
.status-icon.info { color: #3c4fe0; }
.status-icon.warn { color: #c84801; }
.auth-kicker { margin: 8px 0 0; color: #697386; font-size: 12px; font-weight: 700; letter-spacing: .06em; text-transform: uppercase; }
.auth-actions { display: grid; gap: 10px; margin: 20px 0 4px; }
.auth-fail { width: 100%; min-height: 44px; color: #a41c3c; }
.auth-fail:hover { border-color: #a41c3c; }
.button { display: inline-block; margin-top: 8px; background: #3c4fe0; color: #fff; text-decoration: none; font-weight: 600; padding: 10px 18px; border-radius: 8px; }

@media (min-width: 900px) {
  .layout { grid-template-columns: 1fr 1fr; }
  .summary { border-bottom: 0; border-right: 1px solid #e3e8ee; }
  .summary-inner { margin: 0 40px 0 auto; padding: 64px 20px; position: sticky; top: 0; }
  .payment-inner { margin: 0 auto 0 40px; padding: 64px 20px; }
  .total { font-size: 38px; }
}
`;

export const CHECKOUT_JS = `
(function () {
  'use strict';
  var form = document.getElementById('payment-form');
  if (!form) return;
  var errorBox = document.getElementById('payment-error');
  var submit = document.getElementById('submit');
  var label = submit.querySelector('.label');
  var payText = label.textContent;
  var number = document.getElementById('cardnumber');
  var expiry = document.getElementById('expiry');
  var cvc = document.getElementById('cvc');
  var panels = form.querySelectorAll('[data-method-panel]');

  function method() {
    var checked = form.querySelector('input[name="method"]:checked');
    return checked ? checked.value : 'card';
  }
  function clearError() {
    errorBox.textContent = '';
    errorBox.hidden = true;
    var marked = form.querySelectorAll('[aria-invalid="true"]');
    for (var i = 0; i < marked.length; i++) {
      marked[i].removeAttribute('aria-invalid');
      marked[i].removeAttribute('aria-describedby');
    }
  }
  function showError(message, fieldId) {
    errorBox.hidden = false;
    errorBox.textContent = message;
    var field = fieldId && document.getElementById(fieldId);
    if (field) {
      field.setAttribute('aria-invalid', 'true');
      field.setAttribute('aria-describedby', 'payment-error');
      field.focus();
    }
  }
  function syncMethod() {
    var current = method();
    for (var i = 0; i < panels.length; i++) {
      var on = panels[i].getAttribute('data-method-panel') === current;
      panels[i].hidden = !on;
      var controls = panels[i].querySelectorAll('input, button');
      for (var j = 0; j < controls.length; j++) controls[j].disabled = !on;
    }
  }
  function digits(value) { return value.replace(/\\D/g, ''); }
  function formatNumber(value) {
    var d = digits(value).slice(0, 19);
    if (/^3[47]/.test(d)) return [d.slice(0, 4), d.slice(4, 10), d.slice(10, 15)].filter(Boolean).join(' ');
    return d.replace(/(\\d{4})(?=\\d)/g, '$1 ');
  }
  function formatExpiry(value) {
    var d = digits(value).slice(0, 4);
    if (d.length === 1 && d > '1') d = '0' + d;
    return d.length > 2 ? d.slice(0, 2) + ' / ' + d.slice(2) : d;
  }
  function setBusy(busy) {
    submit.disabled = busy;
    submit.setAttribute('aria-busy', busy ? 'true' : 'false');
    label.textContent = busy ? 'Processing…' : payText;
  }

  var radios = form.querySelectorAll('input[name="method"]');
  for (var r = 0; r < radios.length; r++) radios[r].addEventListener('change', function () { clearError(); syncMethod(); });
  syncMethod();

  if (number) number.addEventListener('input', function () { number.value = formatNumber(number.value); });
  if (expiry) expiry.addEventListener('input', function (event) {
    if (event.inputType && event.inputType.indexOf('delete') === 0) return;
    expiry.value = formatExpiry(expiry.value);
  });
  if (cvc) cvc.addEventListener('input', function () { cvc.value = digits(cvc.value).slice(0, 4); });

  var cards = form.querySelectorAll('.test-card');
  for (var c = 0; c < cards.length; c++) {
    cards[c].addEventListener('click', function (event) {
      var card = event.currentTarget.getAttribute('data-card');
      clearError();
      number.value = formatNumber(card);
      if (!expiry.value) expiry.value = '12 / 34';
      if (!cvc.value) cvc.value = /^3[47]/.test(card) ? '1234' : '123';
      number.focus();
    });
  }

  // Shipping option, country and promotion code: the server prices the order (the same computation the session
  // gets when it is paid) and sends the totals back as markup; the page replaces them in place.
  var orderSeq = 0;
  function orderRequest(intent) {
    var data = new FormData(form);
    data.set('intent', intent);
    var seq = ++orderSeq;
    return fetch(form.action, {
      method: 'POST',
      headers: { 'Accept': 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(data).toString(),
      credentials: 'same-origin'
    })
      .then(function (response) { return response.json(); })
      .then(function (result) { return seq === orderSeq ? result : null; });
  }
  function promoError(message) {
    var box = document.getElementById('promo-error');
    var input = document.getElementById('promotion_code');
    if (!box) return;
    box.textContent = message || '';
    box.hidden = !message;
    if (input) {
      if (message) {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', 'promo-error');
        input.focus();
      } else {
        input.removeAttribute('aria-invalid');
      }
    }
  }
  function applyOrder(result) {
    if (!result) return;
    if (result.reload) { window.location.reload(); return; }
    if (result.status === 'error') {
      if (result.field === 'promotion_code') promoError(result.message);
      else showError(result.message, result.field);
      return;
    }
    if (result.status !== 'quote') return;
    var totals = document.getElementById('totals');
    if (totals) totals.outerHTML = result.totalsHtml;
    var promo = document.getElementById('promo');
    if (promo) promo.outerHTML = result.promoHtml;
    var total = document.querySelector('[data-testid="total"]');
    if (total) total.textContent = result.total;
    payText = result.payLabel;
    if (!submit.disabled) label.textContent = payText;
  }
  function orderChange(intent) {
    orderRequest(intent).then(applyOrder).catch(function () {
      showError('Could not reach the payment server. Check your connection and try again.');
    });
  }
  form.addEventListener('change', function (event) {
    var target = event.target;
    if (target && (target.name === 'shipping_rate' || target.id === 'addr_country')) orderChange('quote');
  });
  document.addEventListener('click', function (event) {
    var button = event.target && event.target.closest ? event.target.closest('#apply-code, #remove-code') : null;
    if (!button) return;
    event.preventDefault();
    clearError();
    orderChange(button.id === 'apply-code' ? 'apply_code' : 'remove_code');
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && event.target && event.target.id === 'promotion_code') {
      event.preventDefault();
      orderChange('apply_code');
    }
  });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (submit.disabled) return;
    clearError();
    setBusy(true);
    var body = new URLSearchParams(new FormData(form)).toString();
    fetch(form.action, {
      method: 'POST',
      headers: { 'Accept': 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: body,
      credentials: 'same-origin'
    })
      .then(function (response) { return response.json(); })
      .then(function (result) {
        if (result.redirect) {
          label.textContent =
            result.status === 'requires_action' ? 'Authentication required…' :
            result.status === 'processing' ? 'Payment submitted' : 'Payment successful';
          window.location.assign(result.redirect);
          return;
        }
        if (result.reload) { window.location.reload(); return; }
        setBusy(false);
        showError(result.message || 'Something went wrong. Try again.', result.field);
      })
      .catch(function () {
        setBusy(false);
        showError('Could not reach the payment server. Check your connection and try again.');
      });
  });
})();
`;
