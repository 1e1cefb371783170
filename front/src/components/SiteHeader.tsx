import { Link, NavLink } from 'react-router';
import { itemCount } from '../cart/cart';
import { useCart } from '../cart/cart-context';
import { BagIcon } from './Icons';
import { Logo } from './Logo';

export function cartLinkLabel(count: number): string {
  return `Cart, ${count} ${count === 1 ? 'item' : 'items'}`;
}

export function SiteHeader() {
  const { lines } = useCart();
  const count = itemCount(lines);

  return (
    <header className="site-header">
      <div className="container site-header__inner">
        {/* Named "Checkstand home", which starts with its label; the tagline is decoration, not part of it. */}
        <Link to="/" className="brand" aria-label="Checkstand home">
          <Logo />
          <span className="brand__text">
            <span className="brand__name">Checkstand</span>
            <span className="brand__tagline" aria-hidden="true">
              Coffee · Tea · Kitchen
            </span>
          </span>
        </Link>
        <nav aria-label="Main" className="site-nav">
          <ul className="site-nav__list">
            <li>
              <NavLink to="/" end className="site-nav__link">
                Shop
              </NavLink>
            </li>
            <li>
              <NavLink to="/cart" className="site-nav__link cart-link" aria-label={cartLinkLabel(count)}>
                <BagIcon />
                <span className="cart-link__text">Cart</span>
                <span
                  className={count > 0 ? 'cart-badge' : 'cart-badge cart-badge--empty'}
                  aria-hidden="true"
                >
                  {count > 99 ? '99+' : count}
                </span>
              </NavLink>
            </li>
          </ul>
        </nav>
      </div>
    </header>
  );
}
