import { Link } from 'react-router';
import { Logo } from './Logo';

const YEAR = new Date().getFullYear();

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <div className="container site-footer__grid">
        <div className="site-footer__brand">
          <p className="site-footer__name">
            <Logo size={28} />
            Checkstand
          </p>
          <p className="site-footer__blurb">
            Small-batch coffee, loose-leaf tea and the everyday tools to brew them. A small shop with a short
            list of things we use at home every morning.
          </p>
        </div>
        <div>
          <h2 className="site-footer__heading">Shop</h2>
          <ul className="site-footer__list">
            <li>
              <Link to="/">All products</Link>
            </li>
            <li>
              <Link to="/cart">Your cart</Link>
            </li>
            <li>
              <Link to="/orders">Recent orders</Link>
            </li>
          </ul>
        </div>
        <div>
          <h2 className="site-footer__heading">Good to know</h2>
          <ul className="site-footer__list">
            <li>Prices are in US dollars.</li>
            <li>Your cart is saved on this device.</li>
            <li>Payments are handled by Stripe; we never see your card.</li>
          </ul>
        </div>
      </div>
      <div className="site-footer__legal">
        <p className="container">© {YEAR} Checkstand. Brewed with care.</p>
      </div>
    </footer>
  );
}
