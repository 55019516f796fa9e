import Handlebars from 'handlebars';

/**
 * The sign-in form of the pages served on a Directus session (the Bupati's phone page, the
 * desk's «Catat laporan»): each page's script posts it to `/auth/login` in session mode and
 * shows the alert's `data-message` when Directus refuses. `t` holds the page's words.
 */
export const LOGIN_FORM = Handlebars.create().compile(`<h1>{{t.login_title}}</h1>
<p>{{t.login_intro}}</p>
<form class="card login" data-testid="login" autocomplete="on">
  <label for="email">{{t.email}}</label>
  <input id="email" name="email" type="email" required autocomplete="username">
  <label for="password">{{t.password}}</label>
  <input id="password" name="password" type="password" required autocomplete="current-password">
  <p class="notice error" role="alert" hidden data-message="{{t.login_failed}}"></p>
  <button type="submit">{{t.login}}</button>
</form>
`);
