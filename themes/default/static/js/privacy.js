/* The privacy page (`[data-storage-control]`): how much this site stored
 * in this browser, and a button that deletes all of it. */
import { removeKey, siteKeys, storage } from './storage.js';
import { text } from './text.js';

/* The privacy page: what this site stored here, and a button to delete it. */
export function initPrivacy() {
  var box = document.querySelector('[data-storage-control]');
  if (!box) {
    return;
  }
  var T = text();
  var store = storage();
  var btn = box.querySelector('[data-storage-delete-all]');
  var status = box.querySelector('[data-storage-status]');
  var count = box.querySelector('[data-storage-count]');
  function show() {
    if (count) {
      count.textContent = store ? T.storedCount(siteKeys(store).length) : T.noStorage;
    }
  }
  if (btn) {
    btn.addEventListener('click', function () {
      if (typeof window.confirm === 'function' && !window.confirm(T.confirmDeleteAll)) {
        return;
      }
      if (store) {
        siteKeys(store).forEach(function (k) {
          removeKey(store, k);
        });
      }
      show();
      if (status) {
        status.textContent = '';
        window.setTimeout(function () {
          status.textContent = T.deletedAll;
        }, 50);
      }
    });
  }
  window.addEventListener('storage', show);
  box.hidden = false;
  show();
}
